// The IPC contract, declared once. Main (binder), preload (window.inkwell), the web bridge and the
// renderer all derive their types from this object; main and the bridge parse every payload with
// the channel's schema before a handler runs.
import { z } from 'zod';
import type { Result } from './result';

/** Declares a channel: its wire name, its request schema and (as a phantom type) its response. */
function channel<Res>() {
  return <S extends z.ZodType>(name: string, request: S) => ({ name, request, response: undefined as unknown as Res });
}

export interface AppInfo {
  name: string;
  version: string;
  dataDir: string;
  keyBackend: string;
  platform: string;
}

export const contract = {
  appInfo: channel<AppInfo>()('app:info', z.object({}).strict()),
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type RequestOf<M extends Method> = z.input<Contract[M]['request']>;
export type ParsedRequestOf<M extends Method> = z.output<Contract[M]['request']>;
export type ResponseOf<M extends Method> = Contract[M]['response'];

/** The single event channel: committed journal events, pushed in order. */
export const EVENT_CHANNEL = 'inkwell:event';
export interface CommittedEvent {
  conversationId: string;
  seq: number;
  event: { id: string; type: string; ts: number } & Record<string, unknown>;
}

/** App commands pushed from the application menu (main) to the renderer. */
export const COMMAND_CHANNEL = 'inkwell:command';
export const appCommands = ['new-chat', 'search', 'settings', 'export', 'import'] as const;
export type AppCommand = (typeof appCommands)[number];

/** What the core implements (main and the web bridge dispatch to it). */
export type Handlers = { [M in Method]: (request: ParsedRequestOf<M>) => Promise<ResponseOf<M>> };

/** What the renderer sees as `window.inkwell`, generated from the contract. */
export type InkwellApi = { [M in Method]: (request: RequestOf<M>) => Promise<Result<ResponseOf<M>>> } & {
  onEvent(listener: (event: CommittedEvent) => void): () => void;
  onCommand(listener: (command: AppCommand) => void): () => void;
};

export const methods = Object.keys(contract) as Method[];
