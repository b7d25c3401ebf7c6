// The IPC contract, declared once. Main (binder), preload (window.inkwell), the web bridge and the
// renderer all derive their types from this object; main and the bridge parse every payload with
// the channel's schema before a handler runs.
import { z } from 'zod';
import type { LocalModelDownload, LocalModelInfo } from '../localModels';
import type { RankedModel } from '../recommendedModels';
import type { HealedConversation } from '../conversation';
import { providerSettingsSchema, settingsPatchSchema, type ProviderSettings, type Settings } from '../settings';
import type { Result } from './result';
import { MAX_MESSAGE_CHARS, messageTooLongText } from '../limits';

/** Declares a channel: its wire name, its request schema and (as a phantom type) its response. */
function channel<Res>() {
  return <S extends z.ZodType>(name: string, request: S) => ({ name, request, response: undefined as unknown as Res });
}

const id = z.string().min(1).max(128);
const none = z.object({}).strict();
/** A 10 MB paste must get through; past 32 MB a message is refused with a clear error. */
// The one message limit (shared/limits.ts), refused here with the words the user sees.
const messageText = z
  .string()
  .min(1)
  .max(MAX_MESSAGE_CHARS, { error: (issue) => messageTooLongText(typeof issue.input === 'string' ? issue.input.length : MAX_MESSAGE_CHARS + 1) });
const modelChoice = { providerId: id.optional(), model: z.string().min(1).max(200).optional() };

export interface AppInfo {
  name: string;
  version: string;
  dataDir: string;
  keyBackend: string;
  platform: string;
  /** Export all can write into a folder the user picks (the desktop app); else it is one .zip download. */
  folderExport: boolean;
  /** Import model asks with a file dialog (the desktop app); else the user gives a path. */
  modelFileDialog: boolean;
}

export interface ConversationSummary {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  pinned: boolean;
  deleted: boolean;
  messageCount: number;
  provider?: string;
  model?: string;
}

export interface StartedTurnInfo {
  conversationId: string;
  userMessageId: string;
  turnId: string;
  assistantMessageId: string;
}

export interface SearchHit {
  conversationId: string;
  messageId: string;
  snippet: string;
  score: number;
  title?: string;
}

export interface LocalServerInfo {
  kind: 'openai' | 'anthropic' | 'ollama';
  server: string;
  baseUrl: string;
  models: string[];
}

export interface ProviderTestResult {
  ok: boolean;
  message: string;
  models: string[];
}

export interface DataStatus {
  dataDir: string;
  keyBackend: string;
  journals: { count: number; bytes: number };
  interruptedAtStartup: number;
  tornTails: { conversationId: string; bytes: number }[];
  unreadable: { conversationId: string; line: number; reason: string }[];
  reconcile: { at: number; rebuilt: { conversationId: string; reason: string }[]; ms: number } | null;
}

export interface VerifyReport {
  ok: boolean;
  differences: { table: string; key: string; column?: string; live?: unknown; fresh?: unknown }[];
}

export interface ExportedFile {
  name: string;
  content: string;
}

/** Export all, written into the folder the user picked: its files and manifest. */
export interface FolderExport {
  folder: string;
  conversations: number;
  /** Conversations whose journal could not be read: left out and listed in the manifest. */
  unreadable: number;
}

/** Why a file was not imported, for words a person understands (the message has the details). */
export type ImportProblem = 'not_an_export' | 'newer_version' | 'damaged' | 'too_large' | 'not_written';

export interface ImportReport {
  imported: { file: string; conversationId: string; events: number }[];
  /** Files refused whole: nothing of them was written. `line` is where the problem is, if on one line. */
  errors: { file: string; message: string; problem: ImportProblem; line?: number }[];
  /** Conversations already here, left as they are: import them again with asNew to get copies. */
  existing: { file: string; conversationId: string }[];
}

export interface UsageDay {
  day: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
}

export const contract = {
  appInfo: channel<AppInfo>()('app:info', none),

  listConversations: channel<ConversationSummary[]>()('conversations:list', z.object({ deleted: z.boolean().optional() }).strict()),
  getConversation: channel<HealedConversation>()('conversations:get', z.object({ id }).strict()),
  createConversation: channel<{ id: string }>()(
    'conversations:create',
    z.object({ title: z.string().max(200).optional(), system: z.string().max(100_000).optional(), ...modelChoice }).strict(),
  ),
  updateConversation: channel<ConversationSummary>()(
    'conversations:update',
    z
      .object({
        id,
        title: z.string().max(200).optional(),
        pinned: z.boolean().optional(),
        system: z.string().max(100_000).optional(),
        deleted: z.boolean().optional(),
        ...modelChoice,
      })
      .strict(),
  ),
  emptyTrash: channel<{ removed: number }>()('conversations:empty-trash', none),

  /** A new conversation and its first message in one step: nothing is created if the send is refused. */
  startConversation: channel<StartedTurnInfo>()(
    'chat:start',
    z.object({ text: messageText, title: z.string().max(200).optional(), system: z.string().max(100_000).optional(), ...modelChoice }).strict(),
  ),
  sendMessage: channel<StartedTurnInfo>()(
    'chat:send',
    z.object({ conversationId: id, text: messageText, parentId: id.nullable().optional(), ...modelChoice }).strict(),
  ),
  regenerate: channel<StartedTurnInfo>()('chat:regenerate', z.object({ conversationId: id, userMessageId: id, ...modelChoice }).strict()),
  /** Continue: the answer goes on as the same message (a continuing turn, shared/events.ts). */
  continueAnswer: channel<StartedTurnInfo>()('chat:continue', z.object({ conversationId: id, messageId: id, ...modelChoice }).strict()),
  editAndResend: channel<StartedTurnInfo>()(
    'chat:edit',
    z.object({ conversationId: id, messageId: id, text: messageText, ...modelChoice }).strict(),
  ),
  abortTurn: channel<{ aborted: boolean }>()('chat:abort', z.object({ conversationId: id }).strict()),
  /**
   * The committed events of a conversation after `afterSeq`, in order: what a renderer whose event
   * channel dropped missed. At most MAX_REPLAY_EVENTS; `complete` false means ask again from the
   * last one.
   */
  eventsSince: channel<{ events: CommittedEvent[]; complete: boolean }>()(
    'chat:events-since',
    z.object({ conversationId: id, afterSeq: z.number().int().nonnegative() }).strict(),
  ),

  search: channel<SearchHit[]>()(
    'search:query',
    z.object({ query: z.string().min(1).max(1000), mode: z.enum(['text', 'semantic', 'hybrid']).optional(), limit: z.number().int().min(1).max(100).optional() }).strict(),
  ),

  getSettings: channel<Settings>()('settings:get', none),
  updateSettings: channel<Settings>()('settings:update', settingsPatchSchema),
  saveProvider: channel<ProviderSettings>()(
    'providers:save',
    z.object({ provider: providerSettingsSchema, apiKey: z.string().max(10_000).optional() }).strict(),
  ),
  deleteProvider: channel<{ deleted: boolean }>()('providers:delete', z.object({ id }).strict()),
  testProvider: channel<ProviderTestResult>()('providers:test', z.object({ id }).strict()),
  /** The built-in engine's models (DATA/models) and where they are. */
  listLocalModels: channel<{ models: LocalModelInfo[]; dir: string }>()('models:list', none),
  /**
   * Adds a .gguf to the models (a copy). Without a path the desktop asks with a file dialog (null:
   * cancelled); a browser gives the path of a file on the computer the core runs on.
   */
  importLocalModel: channel<LocalModelInfo | null>()('models:import', z.object({ path: z.string().min(1).max(4096).optional() }).strict()),
  removeLocalModel: channel<{ removed: boolean }>()('models:remove', z.object({ name: z.string().min(1).max(200) }).strict()),
  /** The recommended small models, ranked for this computer's memory. */
  recommendedLocalModels: channel<{ models: RankedModel[]; memoryBytes: number }>()('models:recommended', none),
  /** Starts a download (a URL of a .gguf or an hf: reference) in the background; its progress is polled. */
  pullLocalModel: channel<LocalModelDownload>()(
    'models:pull',
    z.object({ ref: z.string().min(1).max(2048), name: z.string().min(1).max(200).optional() }).strict(),
  ),
  localModelDownloads: channel<LocalModelDownload[]>()('models:downloads', none),
  cancelLocalModelDownload: channel<{ cancelled: boolean }>()('models:cancel-download', z.object({ ref: z.string().min(1).max(2048) }).strict()),
  detectLocalServers: channel<LocalServerInfo[]>()('providers:detect', none),

  dataStatus: channel<DataStatus>()('data:status', none),
  verify: channel<VerifyReport>()('data:verify', none),
  exportConversations: channel<ExportedFile[]>()(
    'data:export',
    z.object({ ids: z.array(id).optional(), format: z.enum(['jsonl', 'md']), manifest: z.boolean().optional() }).strict(),
  ),
  /** Every conversation into a folder the user picks in the desktop's dialog; null when they cancel. */
  exportToFolder: channel<FolderExport | null>()('data:export-folder', z.object({ format: z.enum(['jsonl', 'md']) }).strict()),
  importConversations: channel<ImportReport>()(
    'data:import',
    z.object({ files: z.array(z.object({ name: z.string().max(500), content: z.string() })).min(1), asNew: z.boolean().optional() }).strict(),
  ),
  usage: channel<UsageDay[]>()('data:usage', z.object({ days: z.number().int().min(1).max(365) }).strict()),
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type RequestOf<M extends Method> = z.input<Contract[M]['request']>;
export type ParsedRequestOf<M extends Method> = z.output<Contract[M]['request']>;
export type ResponseOf<M extends Method> = Contract[M]['response'];

/** The most events one eventsSince answer carries. */
export const MAX_REPLAY_EVENTS = 5000;

/** The single event channel: committed journal events, pushed in order. */
export const EVENT_CHANNEL = 'inkwell:event';
export interface CommittedEvent {
  conversationId: string;
  seq: number;
  event: { id: string; type: string; ts: number } & Record<string, unknown>;
}

/**
 * What the core must tell the app that no journal record can say: a turn whose journal could not
 * be written (a failing disk, EIO from fdatasync) ended without its last events, and that journal
 * takes no more writes until restart. Pushed on its own channel, never as a committed event.
 */
export const NOTICE_CHANNEL = 'inkwell:notice';
export type Notice = { kind: 'write_failed'; conversationId: string; turnId: string; message: string };

/** App commands pushed from the application menu (main) to the renderer. */
export const COMMAND_CHANNEL = 'inkwell:command';
export const appCommands = ['new-chat', 'search', 'settings', 'export', 'import'] as const;
export type AppCommand = (typeof appCommands)[number];

/** What the core implements (main and the web bridge dispatch to it). */
export type Handlers = { [M in Method]: (request: ParsedRequestOf<M>) => Promise<ResponseOf<M>> };

/** What the renderer sees as `window.inkwell`, generated from the contract. */
export type InkwellApi = { [M in Method]: (request: RequestOf<M>) => Promise<Result<ResponseOf<M>>> } & {
  onEvent(listener: (event: CommittedEvent) => void): () => void;
  onNotice(listener: (notice: Notice) => void): () => void;
  onCommand(listener: (command: AppCommand) => void): () => void;
};

export const methods = Object.keys(contract) as Method[];
