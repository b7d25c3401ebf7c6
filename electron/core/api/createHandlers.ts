// The core's side of the contract: one handler per channel, each a thin call into the domain.
import { openTurnStatus } from '../../../shared/turnRules';
import { MAX_REPLAY_EVENTS, type CommittedEvent, type ConversationSummary, type DataStatus, type ExportedFile, type FolderExport, type Handlers, type ImportReport, type Notice, type SearchHit, type UsageDay, type VerifyReport } from '../../../shared/ipc/contract';
import type { HealedConversation } from '../../../shared/conversation';
import { AppError } from '../../../shared/ipc/result';
import { createEvent } from '../../../shared/events';
import type { ChatEngine, StartedTurn } from '../engine/chatEngine';
import type { Committer } from '../engine/committer';
import type { JournalStore } from '../journal/journalStore';
import type { KeyVault } from '../keys/keyVault';
import type { WorkGate } from '../lifecycle/workGate';
import { detectLocalServers } from '../providers';
import type { SettingsStore } from '../settings/settingsStore';
import type { JournalDamage } from '../journal/journalDamage';
import { describeError, terminalLog, type Log } from '../logging/log';
import { ConversationSummaries, summarize } from './conversationSummaries';
import { dataStatus } from './dataStatus';
import { apiKeyName } from '../keys/secretNames';
import { ModelChoices, type BuiltinChoice } from './modelChoices';
import { localModelHandlers, type LocalModelServices } from './localModelHandlers';
import { DAY_MS, usageByDay } from './usageByDay';

export interface CoreInfo {
  name: string;
  version: string;
  dataDir: string;
  keyBackend: string;
  platform: string;
}

/** What the mirror offers the handlers (reads, search, verify, its last reconcile). */
export interface MirrorPort {
  /** The conversation list from SQLite, or null when the mirror cannot answer right now. */
  listConversations(): ConversationSummary[] | null;
  /** A conversation from SQLite, or null when the mirror is not current for it. */
  getConversation(conversationId: string): HealedConversation | null;
  /** Tokens per day per model since `since` (ms), or null when the mirror cannot answer right now. */
  usage(since: number): UsageDay[] | null;
  search(query: string, options: { mode: 'text' | 'semantic' | 'hybrid'; limit: number }): Promise<SearchHit[]>;
  verify(): Promise<VerifyReport>;
  lastReconcile(): DataStatus['reconcile'];
  purge(conversationId: string): void;
}

/** Export and import of raw JSONL and Markdown. */
export interface ExchangePort {
  /** The files' contents; with the manifest a folder export would have, last. */
  exportConversations(ids: string[], format: 'jsonl' | 'md', withManifest: boolean): Promise<ExportedFile[]>;
  /** Writes the files and the manifest into `folder` (atomic, 0600), as `inkwell export` does. */
  exportToFolder(ids: string[], format: 'jsonl' | 'md', folder: string): Promise<FolderExport>;
  importFiles(files: { name: string; content: string }[], asNew: boolean): Promise<ImportReport>;
}

export interface CoreServices {
  info: CoreInfo;
  journals: JournalStore;
  committer: Committer;
  engine: ChatEngine;
  settings: SettingsStore;
  vault: KeyVault;
  interruptedAtStartup: number;
  /** Journals found unreadable as a whole when the core opened (no header, a missing key). */
  damagedAtStartup?: readonly JournalDamage[];
  mirror?: MirrorPort;
  exchange?: ExchangePort;
  detectPorts?: Parameters<typeof detectLocalServers>[0];
  /** Where background failures are reported (default: one line on stderr). */
  log?: Log;
  /** Tells the app what no journal record can: a turn whose journal could not be written. */
  notify?: (notice: Notice) => void;
  /** The desktop's folder picker for Export all; a browser has none (it downloads one .zip). */
  chooseExportFolder?: () => Promise<string | null>;
  /** The core's lifecycle gate: a started turn is counted until its last event is durable. */
  gate?: Pick<WorkGate, 'track' | 'isOpen'>;
  /** The built-in engine: its models and its provider. */
  local?: LocalModelServices & { builtin: BuiltinChoice };
}

export function createHandlers(services: CoreServices): Handlers {
  const { journals, engine, committer, settings, vault } = services;
  const summaries = new ConversationSummaries(journals);
  committer.onCommitted((batch) => summaries.invalidate(batch.conversationId));
  const choices = new ModelChoices(settings, vault, services.local?.builtin);
  const started = (turn: StartedTurn) => {
    void turn.done.catch((error: unknown) => {
      (services.log ?? terminalLog).write('error', 'turn.write_failed', { text: `turn ${turn.turnId} could not be written`, error: describeError(error) });
      const message = error instanceof Error ? error.message : String(error);
      services.notify?.({ kind: 'write_failed', conversationId: turn.conversationId, turnId: turn.turnId, message });
    });
    services.gate?.track(`turn ${turn.turnId} of conversation ${turn.conversationId}`, turn.done);
    // Started by a request the gate let in just before shutdown began: it stops at once, with its
    // turn.aborted durable before shutdown goes on.
    if (services.gate?.isOpen === false) void engine.abort(turn.conversationId, 'shutdown');
    const { conversationId, userMessageId, turnId, assistantMessageId } = turn;
    return { conversationId, userMessageId, turnId, assistantMessageId };
  };
  /** The model asked for, else the one that answered last in this conversation, else the default. */
  // The conversation as healed once for a send: the mirror's when it is current, else one journal
  // read. The engine is handed it, so nothing on the way to the request reads the journal again.
  const healedOnce = async (conversationId: string): Promise<HealedConversation> => {
    if (!journals.has(conversationId)) throw new AppError('not_found', `There is no conversation ${conversationId}.`);
    return (engine.isRunning(conversationId) ? null : fromMirror(conversationId)) ?? (await engine.load(conversationId));
  };
  // The mirror holds the live view (an open turn is 'streaming'); no turn runs here, so one still
  // open (its journal failed mid-turn) shows as heal shows it without live: interrupted.
  const fromMirror = (conversationId: string): HealedConversation | null => {
    const conversation = services.mirror?.getConversation(conversationId) ?? null;
    if (conversation?.messages.some((m) => m.status === 'streaming')) {
      return { ...conversation, messages: conversation.messages.map((m) => (m.status === 'streaming' ? { ...m, status: openTurnStatus(false) } : m)) };
    }
    return conversation;
  };
  const choiceFor = async (conversation: HealedConversation, providerId: string | undefined, model: string | undefined) => {
    const last = [...conversation.messages].reverse().find((m) => m.role === 'assistant' && m.model);
    if (providerId !== undefined) return choices.resolve(providerId, model);
    return choices.resolve(last?.provider ?? conversation.provider, model ?? last?.model ?? conversation.model);
  };
  const requireMirror = (what: string): MirrorPort => {
    if (!services.mirror) throw new AppError('internal', `${what} needs the search mirror, which is not open.`);
    return services.mirror;
  };
  const requireExchange = (): ExchangePort => {
    if (!services.exchange) throw new AppError('internal', 'Export and import are not available in this build.');
    return services.exchange;
  };

  return {
    appInfo: async () => ({ ...services.info, folderExport: services.chooseExportFolder !== undefined, modelFileDialog: services.local?.chooseModelFile !== undefined }),
    ...localModelHandlers(services.local),

    // Reads come from the mirror when it is current (SQLite: milliseconds for a long conversation),
    // else from the journal itself (read, decrypt, heal), which is always right.
    listConversations: async ({ deleted }) => {
      const list = services.mirror?.listConversations() ?? (await summaries.list());
      return list.filter((c) => c.deleted === (deleted ?? false));
    },
    getConversation: async ({ id }) => {
      if (!journals.has(id)) throw new AppError('not_found', `There is no conversation ${id}.`);
      if (!engine.isRunning(id)) {
        const mirrored = fromMirror(id);
        if (mirrored) return mirrored;
      }
      return engine.load(id);
    },
    createConversation: async ({ title, system, providerId, model }) => {
      const provider = providerId ?? settings.read().defaultProviderId;
      return { id: await engine.createConversation({ title, system, provider, model }) };
    },
    updateConversation: async ({ id, title, pinned, system, deleted, providerId, model }) => {
      if (!journals.has(id)) throw new AppError('not_found', `There is no conversation ${id}.`);
      const fields = Object.fromEntries(
        Object.entries({ title, pinned, system, deleted, provider: providerId, model }).filter(([, v]) => v !== undefined),
      );
      if (Object.keys(fields).length > 0) await committer.commit(id, [createEvent('conversation.updated', fields)]);
      return summarize(await summaries.healed(id));
    },
    emptyTrash: async () => {
      const trashed = (await summaries.list()).filter((c) => c.deleted);
      for (const conversation of trashed) {
        // An answer still being written stops first (its turn.aborted is durable), so nothing
        // appends to the journal while, or after, it is deleted.
        await engine.abort(conversation.id, 'user');
        await journals.remove(conversation.id);
        summaries.forget(conversation.id);
        services.mirror?.purge(conversation.id);
      }
      return { removed: trashed.length };
    },

    // A new chat's first send: the conversation is created only once the model is known to be
    // usable, and removed again if its first message could not be written, so a refused send
    // leaves no empty "New conversation" behind.
    startConversation: async ({ text, title, system, providerId, model }) => {
      const provider = providerId ?? settings.read().defaultProviderId;
      const choice = await choices.resolve(provider, model);
      const conversationId = await engine.createConversation({ title, system, provider, model: model ?? choice.model });
      try {
        return started(await engine.send(conversationId, text, choice, undefined));
      } catch (error) {
        if (!(await journals.read(conversationId)).entries.some((e) => e.event.type === 'message.user')) {
          await journals.remove(conversationId);
          summaries.forget(conversationId);
          services.mirror?.purge(conversationId);
        }
        throw error;
      }
    },
    sendMessage: async ({ conversationId, text, parentId, providerId, model }) => {
      const conversation = await healedOnce(conversationId);
      const choice = await choiceFor(conversation, providerId, model);
      return started(await engine.send(conversationId, text, choice, parentId, conversation));
    },
    regenerate: async ({ conversationId, userMessageId, providerId, model }) => {
      const conversation = await healedOnce(conversationId);
      const choice = await choiceFor(conversation, providerId, model);
      return started(await engine.regenerate(conversationId, userMessageId, choice, conversation));
    },
    continueAnswer: async ({ conversationId, messageId, providerId, model }) => {
      const conversation = await healedOnce(conversationId);
      const choice = await choiceFor(conversation, providerId, model);
      return started(await engine.continueAnswer(conversationId, messageId, choice, conversation));
    },
    editAndResend: async ({ conversationId, messageId, text, providerId, model }) => {
      const conversation = await healedOnce(conversationId);
      const choice = await choiceFor(conversation, providerId, model);
      return started(await engine.editAndResend(conversationId, messageId, text, choice, conversation));
    },
    abortTurn: async ({ conversationId }) => ({ aborted: await engine.abort(conversationId, 'user') }),
    // A reconnect is rare and the journal is the only record of every seq: read it, no mirror.
    eventsSince: async ({ conversationId, afterSeq }) => {
      if (!journals.has(conversationId)) throw new AppError('not_found', `There is no conversation ${conversationId}.`);
      const { entries } = await journals.read(conversationId);
      const after = entries.filter((e) => e.seq > afterSeq);
      const events = after.slice(0, MAX_REPLAY_EVENTS).map((e) => ({ conversationId, seq: e.seq, event: e.event as CommittedEvent['event'] }));
      return { events, complete: after.length <= MAX_REPLAY_EVENTS };
    },

    search: async ({ query, mode, limit }) => {
      const hits = await requireMirror('Search').search(query, { mode: mode ?? 'hybrid', limit: limit ?? 20 });
      const titles = new Map((await summaries.list()).map((c) => [c.id, c.title]));
      return hits.map((hit) => ({ ...hit, title: titles.get(hit.conversationId) ?? '' }));
    },

    getSettings: async () => settings.read(),
    updateSettings: async (patch) => settings.update((current) => ({ ...current, ...patch })),
    saveProvider: async ({ provider, apiKey }) => {
      if (apiKey !== undefined && apiKey !== '') await vault.setSecret(apiKeyName(provider.id), apiKey);
      const saved = { ...provider, hasApiKey: (apiKey !== undefined && apiKey !== '') || provider.hasApiKey };
      settings.update((s) => ({
        ...s,
        providers: [...s.providers.filter((p) => p.id !== provider.id), saved],
        defaultProviderId: s.defaultProviderId ?? provider.id,
      }));
      return saved;
    },
    deleteProvider: async ({ id }) => {
      await vault.deleteSecret(apiKeyName(id));
      let deleted = false;
      settings.update((s) => {
        deleted = s.providers.some((p) => p.id === id);
        const providers = s.providers.filter((p) => p.id !== id);
        return { ...s, providers, defaultProviderId: s.defaultProviderId === id ? providers[0]?.id : s.defaultProviderId };
      });
      return { deleted };
    },
    testProvider: async ({ id }) => {
      const choice = await choices.resolve(id, undefined, 'connection-test');
      try {
        const models = await choice.provider.listModels(AbortSignal.timeout(10_000));
        return { ok: true, models, message: `Connected: ${models.length} model${models.length === 1 ? '' : 's'} available.` };
      } catch (error) {
        return { ok: false, models: [], message: error instanceof Error ? error.message : String(error) };
      }
    },
    detectLocalServers: async () => detectLocalServers(services.detectPorts ?? {}),

    dataStatus: async () => dataStatus(services, summaries),
    verify: async () => requireMirror('Verify').verify(),
    exportConversations: async ({ ids, format, manifest }) => {
      const all = ids ?? (await summaries.list()).map((c) => c.id);
      return requireExchange().exportConversations(all, format, manifest ?? false);
    },
    // The folder comes from the user's own pick in main's dialog, never from the renderer.
    exportToFolder: async ({ format }) => {
      if (!services.chooseExportFolder) throw new AppError('invalid_request', 'Export to a folder is for the desktop app; here, Export all downloads one .zip file.');
      const folder = await services.chooseExportFolder();
      if (folder === null) return null;
      return requireExchange().exportToFolder((await summaries.list()).map((c) => c.id), format, folder);
    },
    importConversations: async ({ files, asNew }) => {
      const report = await requireExchange().importFiles(files, asNew ?? false);
      for (const { conversationId } of report.imported) summaries.invalidate(conversationId);
      return report;
    },
    usage: async ({ days }) => {
      const fromMirror = services.mirror?.usage(Date.now() - days * DAY_MS);
      if (fromMirror) return fromMirror;
      const conversations = [];
      for (const summary of await summaries.list()) conversations.push(await summaries.healed(summary.id));
      return usageByDay(conversations, days, Date.now());
    },
  };
}
