// Data & integrity's status: the journals on disk, torn tails set aside, what could not be read,
// the mirror's last reconcile.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DataStatus } from '../../../shared/ipc/contract';
import type { ConversationSummaries } from './conversationSummaries';
import type { CoreServices } from './createHandlers';

/** Damage found at startup, then what later reads found; a conversation read since replaces its own. */
function unreadableNow(services: CoreServices, summaries: ConversationSummaries): DataStatus['unreadable'] {
  const later = summaries.issues();
  const readSince = new Set(later.map((i) => i.conversationId));
  const atStartup = (services.damagedAtStartup ?? []).filter((d) => !readSince.has(d.conversationId) && services.journals.has(d.conversationId));
  return [...atStartup.map((d) => ({ conversationId: d.conversationId, line: d.line ?? 0, reason: d.reason })), ...later];
}

export function dataStatus(services: CoreServices, summaries: ConversationSummaries): DataStatus {
  const dir = services.journals.dir;
  let count = 0;
  let bytes = 0;
  const tornTails: DataStatus['tornTails'] = [];
  for (const name of safeList(dir)) {
    const size = statSync(path.join(dir, name)).size;
    if (name.endsWith('.jsonl')) {
      count++;
      bytes += size;
    } else if (name.endsWith('.torn')) {
      tornTails.push({ conversationId: name.slice(0, -'.torn'.length), bytes: size });
    }
  }
  return {
    dataDir: services.info.dataDir,
    keyBackend: services.info.keyBackend,
    journals: { count, bytes },
    interruptedAtStartup: services.interruptedAtStartup,
    tornTails,
    unreadable: unreadableNow(services, summaries),
    reconcile: services.mirror?.lastReconcile() ?? null,
  };
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
