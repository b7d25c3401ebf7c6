// The chat engine (docs/design.md §9): the user's prompt is durable before the request leaves the machine;
// every later event is forwarded only after its append resolved (Committer). One running turn per
// conversation; Stop aborts it; regenerate and edit-and-resend branch by parentId.
import { createEvent, newId, type InkwellEvent } from '../../../shared/events';
import { AppError } from '../../../shared/ipc/result';
import { MAX_MESSAGE_CHARS, messageTooLongText } from '../../../shared/limits';
import { heal } from '../heal/heal';
import type { HealedConversation, HealedMessage } from '../heal/healedConversation';
import type { JournalStore } from '../journal/journalStore';
import type { ChatMessage, ChatParams, Provider } from '../providers';
import type { Tool, ToolApprover } from '../tools/tool';
import { chatHistory } from './chatHistory';
import type { Committer } from './committer';
import { proposeTitle } from './titles';
import { runTurn, type TurnOutcome } from './turnRunner';

/** What the model is asked after the answer so far, to continue it (never shown as a message). */
export const CONTINUE_REQUEST =
  'Continue your previous answer exactly where it stopped. Do not repeat any of it and do not add a preamble; start with the next character.';

/** Which model answers, resolved by the caller (settings, or the CLI's flags). */
export interface ModelChoice {
  provider: Provider;
  /** Recorded in turn.started, e.g. "ollama" or the provider's settings id. */
  providerLabel: string;
  model: string;
  params?: ChatParams;
}

export interface StartedTurn {
  conversationId: string;
  userMessageId: string;
  turnId: string;
  assistantMessageId: string;
  /** Settles when the turn has ended and its last event is durable. */
  done: Promise<TurnOutcome>;
}

export interface ChatEngineOptions {
  journals: Pick<JournalStore, 'has' | 'read' | 'writer'>;
  committer: Committer;
  tools: readonly Tool[];
  maxSteps?: number;
  /** Ask the model for a short title after a conversation's first turn (else use its first words). */
  modelTitles?: boolean;
  /** Who allows calls of tools that need approval (MCP); without one they are not run. */
  approve?: ToolApprover;
}

interface Running {
  turnId: string;
  controller: AbortController;
  reason: 'user' | 'shutdown';
  done: Promise<TurnOutcome>;
}

export class ChatEngine {
  private readonly running = new Map<string, Running>();

  constructor(private readonly options: ChatEngineOptions) {}

  /** Creates a conversation (its journal and first event). */
  async createConversation(fields: { title?: string; provider?: string; model?: string; system?: string } = {}): Promise<string> {
    const conversationId = newId();
    await this.options.committer.commit(conversationId, [createEvent('conversation.created', dropUndefined(fields))]);
    return conversationId;
  }

  /**
   * Sends a user message (a new branch when parentId names an earlier message) and starts the
   * answer. `seen`: the healed conversation the caller already holds (the mirror's, when it is
   * current); without it the journal is read once. Nothing on the way to the request reads it again.
   */
  async send(conversationId: string, text: string, choice: ModelChoice, parentId?: string | null, seen?: HealedConversation): Promise<StartedTurn> {
    // The CLI and IPC both end here: one limit, refused before anything is read or written.
    if (text.length > MAX_MESSAGE_CHARS) throw new AppError('invalid_request', messageTooLongText(text.length));
    this.assertIdle(conversationId);
    const conversation = seen ?? (await this.load(conversationId));
    const parent = parentId === undefined ? (conversation.activePath.at(-1) ?? null) : parentId;
    if (parent !== null && !conversation.messages.some((m) => m.id === parent)) {
      throw new AppError('not_found', `Message ${parent} is not in conversation ${conversationId}.`);
    }
    const userMessage = createEvent('message.user', { messageId: newId(), parentId: parent, text });
    // Durable before the request leaves the machine.
    await this.options.committer.commit(conversationId, [userMessage]);
    const history = [...(parent === null ? [] : chatHistory(conversation, parent)), { role: 'user' as const, text }];
    return this.startTurn(conversationId, conversation, userMessage.messageId, history, choice, [userMessage]);
  }

  /** A new answer to the same user message, as a sibling branch of the old one. */
  async regenerate(conversationId: string, userMessageId: string, choice: ModelChoice, seen?: HealedConversation): Promise<StartedTurn> {
    this.assertIdle(conversationId);
    const conversation = seen ?? (await this.load(conversationId));
    const target = conversation.messages.find((m) => m.id === userMessageId);
    if (!target || target.role !== 'user') throw new AppError('not_found', `No user message ${userMessageId} in conversation ${conversationId}.`);
    return this.startTurn(conversationId, conversation, userMessageId, chatHistory(conversation, userMessageId), choice, []);
  }

  /**
   * Continue: the same answer goes on, as one message. The model gets the branch up to and with
   * the answer so far and a request to carry on (not journalled as a message: the continuing
   * turn.started says what happened).
   */
  async continueAnswer(conversationId: string, messageId: string, choice: ModelChoice, seen?: HealedConversation): Promise<StartedTurn> {
    this.assertIdle(conversationId);
    const conversation = seen ?? (await this.load(conversationId));
    const answer = conversation.messages.find((m) => m.id === messageId);
    if (!answer || answer.role !== 'assistant' || answer.deleted) throw new AppError('not_found', `No answer ${messageId} in conversation ${conversationId}.`);
    if (answer.status === 'streaming') throw new AppError('invalid_request', 'This answer is still being written.');
    if (answer.parentId === null) throw new AppError('invalid_request', 'This answer has no message it answers, so it cannot be continued.');
    if (answer.childIds.length > 0) throw new AppError('invalid_request', 'Only the last answer of a branch can be continued: this one has replies.');
    if (answer.text.length >= MAX_MESSAGE_CHARS) throw new AppError('invalid_request', messageTooLongText(answer.text.length));
    const history: ChatMessage[] = [...chatHistory(conversation, messageId), { role: 'user', text: CONTINUE_REQUEST }];
    return this.startTurn(conversationId, conversation, answer.parentId, history, choice, [], answer);
  }

  /** Edit and resend: the edited text goes out as a new user message beside the original (a branch). */
  async editAndResend(conversationId: string, userMessageId: string, text: string, choice: ModelChoice, seen?: HealedConversation): Promise<StartedTurn> {
    const conversation = seen ?? (await this.load(conversationId));
    const original = conversation.messages.find((m) => m.id === userMessageId);
    if (!original || original.role !== 'user') throw new AppError('not_found', `No user message ${userMessageId} in conversation ${conversationId}.`);
    return this.send(conversationId, text, choice, original.parentId, conversation);
  }

  /** Stops the conversation's running turn; resolves once turn.aborted is durable. */
  async abort(conversationId: string, reason: 'user' | 'shutdown' = 'user'): Promise<boolean> {
    const run = this.running.get(conversationId);
    if (!run) return false;
    run.reason = reason;
    run.controller.abort();
    await run.done.catch(() => undefined);
    return true;
  }

  /** Aborts every running turn (quit): each gets its turn.aborted before this resolves. */
  async abortAll(reason: 'user' | 'shutdown'): Promise<number> {
    const ids = [...this.running.keys()];
    await Promise.all(ids.map((id) => this.abort(id, reason)));
    return ids.length;
  }

  isRunning(conversationId: string): boolean {
    return this.running.has(conversationId);
  }

  runningTurns(): { conversationId: string; turnId: string }[] {
    return [...this.running].map(([conversationId, run]) => ({ conversationId, turnId: run.turnId }));
  }

  async load(conversationId: string): Promise<HealedConversation> {
    if (!this.options.journals.has(conversationId)) throw new AppError('not_found', `There is no conversation ${conversationId}.`);
    const { entries } = await this.options.journals.read(conversationId);
    const live = this.running.has(conversationId);
    const conversation = heal(conversationId, entries.map((e) => e.event), { live, joinable: live });
    // A window joining the running turn asks eventsSince(seq) for what came after this view.
    if (live) conversation.seq = entries.at(-1)?.seq ?? 0;
    return conversation;
  }

  private assertIdle(conversationId: string): void {
    if (this.running.has(conversationId)) {
      throw new AppError('invalid_request', 'An answer is still being written in this conversation: stop it or wait for it to finish.');
    }
  }

  private async startTurn(
    conversationId: string,
    conversation: HealedConversation,
    userMessageId: string,
    history: ChatMessage[],
    choice: ModelChoice,
    justWritten: InkwellEvent[],
    continued?: HealedMessage,
  ): Promise<StartedTurn> {
    const started = createEvent('turn.started', {
      turnId: newId(),
      messageId: continued?.id ?? newId(),
      parentId: userMessageId,
      provider: choice.providerLabel,
      model: choice.model,
      params: { ...(choice.params ?? {}) },
      ...(continued !== undefined ? { continues: true as const } : {}),
    });
    const controller = new AbortController();
    const run: Running = { turnId: started.turnId, controller, reason: 'user', done: Promise.resolve('completed') };
    this.running.set(conversationId, run);
    // An answer a crash left open is closed first (heal shows it interrupted; the journal says so too).
    const close = continued?.status === 'interrupted' && continued.turnId !== undefined ? [createEvent('turn.interrupted', { turnId: continued.turnId, reason: 'crash' })] : [];
    try {
      await this.options.committer.commit(conversationId, [...close, started]);
    } catch (error) {
      this.running.delete(conversationId);
      throw error;
    }
    const isFirstTurn = continued === undefined && !conversation.messages.some((m) => m.role === 'assistant') && conversation.title === '';
    run.done = runTurn(
      {
        conversationId,
        turnId: started.turnId,
        messageId: started.messageId,
        provider: choice.provider,
        request: { model: choice.model, messages: history, ...(conversation.system ? { system: conversation.system } : {}), ...(choice.params ? { params: choice.params } : {}) },
        tools: this.options.tools,
        maxSteps: this.options.maxSteps ?? 8,
        ...(this.options.approve ? { approve: this.options.approve } : {}),
        ...(continued !== undefined ? { continues: continued.text, continuesReasoningChars: continued.reasoning?.length ?? 0 } : {}),
      },
      this.options.committer,
      { signal: controller.signal, abortReason: () => run.reason },
    ).finally(() => {
      if (this.running.get(conversationId) === run) this.running.delete(conversationId);
    });
    const done = run.done.then(async (outcome) => {
      if (isFirstTurn && outcome === 'completed') await this.nameConversation(conversationId, choice, justWritten);
      return outcome;
    });
    return { conversationId, userMessageId, turnId: started.turnId, assistantMessageId: started.messageId, done };
  }

  private async nameConversation(conversationId: string, choice: ModelChoice, justWritten: InkwellEvent[]): Promise<void> {
    const conversation = await this.load(conversationId);
    if (conversation.title !== '') return;
    const firstUser = conversation.messages.find((m) => m.role === 'user')?.text ?? justWritten.find((e) => e.type === 'message.user')?.text ?? '';
    const title = await proposeTitle(firstUser, this.options.modelTitles ? choice : null);
    if (title !== '') await this.options.committer.commit(conversationId, [createEvent('conversation.updated', { title })]);
  }
}

function dropUndefined<T extends Record<string, unknown>>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as T;
}
