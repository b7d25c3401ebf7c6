// The healed view of a conversation: what the UI, the mirror and export all show. Built by heal() in
// electron/core/heal; declared here because the renderer shows it too.

export type MessageStatus = 'complete' | 'streaming' | 'interrupted' | 'failed' | 'aborted';

export interface HealedToolCall {
  id: string;
  name: string;
  /** Parsed input; absent when the model sent invalid JSON (then rawInput holds it, never run). */
  input?: unknown;
  rawInput?: string;
  /** Absent until a result arrived. */
  output?: unknown;
  isError?: boolean;
  /** Who let it run or not (turn.tool_approval); absent for a tool that needs no asking. */
  approval?: { decision: 'allowed' | 'denied'; scope: 'once' | 'conversation' | 'always' | 'setting' };
}

export interface HealedMessage {
  id: string;
  role: 'user' | 'assistant';
  /** null for a root message. */
  parentId: string | null;
  /** User messages are always 'complete'; 'streaming' only when heal() was asked for a live view. */
  status: MessageStatus;
  /** The final text, or for an unfinished turn its text deltas joined in index order. */
  text: string;
  reasoning?: string;
  attachments?: { name: string; mimeType?: string; size?: number }[];
  toolCalls?: HealedToolCall[];
  usage?: { inputTokens: number; outputTokens: number };
  error?: { code: string; message: string; retryable: boolean };
  /** Assistant messages only. */
  turnId?: string;
  provider?: string;
  model?: string;
  stopReason?: string;
  abortReason?: 'user' | 'shutdown';
  /** Set by message.edited: text is the edited text. */
  edited?: boolean;
  /** Set by message.deleted: a tombstone, text emptied, kept so the tree stays whole. */
  deleted?: boolean;
  /** Set by message.recovered: the text was written back from the mirror after journal damage. */
  recovered?: boolean;
  /**
   * A live view's streaming message only: the index its next delta will carry, so a window that
   * joins the turn mid-way (a reload) goes on from its text without a gap or a repeat.
   */
  nextDeltaIndex?: number;
  /**
   * A live view's streaming message only, with nextDeltaIndex: whether its turn continues an
   * earlier answer, and that answer's usage before it, for a window that joins the turn.
   */
  joinedTurn?: { continues: boolean; usageBefore?: { inputTokens: number; outputTokens: number } };
  /** ms since epoch, normalised: strictly increasing in message order. */
  createdAt: number;
  updatedAt: number;
  /** Children in creation order: more than one means branches (edits, regenerations). */
  childIds: string[];
}

export interface HealedConversation {
  id: string;
  title: string;
  provider?: string;
  model?: string;
  system?: string;
  pinned: boolean;
  /** In "Recently deleted": hidden from the list, restorable, removed only on request. */
  deleted: boolean;
  createdAt: number;
  updatedAt: number;
  /** Every message of every branch, in creation order. */
  messages: HealedMessage[];
  /** Messages with no (known) parent, in creation order. */
  rootIds: string[];
  /** The active branch, root first: the path to the latest leaf that is not deleted. */
  activePath: string[];
  /** Events of types this version does not know: kept in the journal, not shown. */
  unknownEventCount: number;
  /** A live view only (a turn is running): the seq of the last event it folds; eventsSince(seq) is the rest. */
  seq?: number;
}
