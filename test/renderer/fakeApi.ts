// An InkwellApi for component tests: every method answers from a table the test fills, and
// committed events can be pushed by hand.
import type { AppCommand, CommittedEvent, InkwellApi, Method, Notice, ResponseOf } from '../../shared/ipc/contract';
import { fail, ok, type Result } from '../../shared/ipc/result';
import { settingsSchema } from '../../shared/settings';

type Answers = { [M in Method]?: (request: unknown) => Result<ResponseOf<M>> | Promise<Result<ResponseOf<M>>> };

export interface FakeApi {
  api: InkwellApi;
  calls: { method: Method; request: unknown }[];
  push(event: CommittedEvent): void;
  command(command: AppCommand): void;
  notice(notice: Notice): void;
}

export function fakeApi(answers: Answers = {}): FakeApi {
  const listeners = new Set<(event: CommittedEvent) => void>();
  const commandListeners = new Set<(command: AppCommand) => void>();
  const noticeListeners = new Set<(notice: Notice) => void>();
  const calls: FakeApi['calls'] = [];
  const defaults: Answers = {
    getSettings: () => ok(settingsSchema.parse({})),
    listConversations: () => ok([]),
    dataStatus: () =>
      ok({ dataDir: '/data', keyBackend: 'keytar', journals: { count: 0, bytes: 0 }, interruptedAtStartup: 0, tornTails: [], unreadable: [], reconcile: null }),
    detectLocalServers: () => ok([]),
  };
  const api = new Proxy({} as InkwellApi, {
    get(_target, name: string) {
      if (name === 'onEvent') {
        return (listener: (event: CommittedEvent) => void) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        };
      }
      if (name === 'onNotice') {
        return (listener: (notice: Notice) => void) => {
          noticeListeners.add(listener);
          return () => noticeListeners.delete(listener);
        };
      }
      if (name === 'onCommand') {
        return (listener: (command: AppCommand) => void) => {
          commandListeners.add(listener);
          return () => commandListeners.delete(listener);
        };
      }
      return async (request: unknown) => {
        calls.push({ method: name as Method, request });
        const answer = (answers as Record<string, ((r: unknown) => unknown) | undefined>)[name] ?? (defaults as Record<string, ((r: unknown) => unknown) | undefined>)[name];
        return answer ? answer(request) : fail('internal', `${name} is not answered in this test`);
      };
    },
  });
  return {
    api,
    calls,
    push: (event) => listeners.forEach((l) => l(event)),
    command: (command) => commandListeners.forEach((l) => l(command)),
    notice: (notice) => noticeListeners.forEach((l) => l(notice)),
  };
}
