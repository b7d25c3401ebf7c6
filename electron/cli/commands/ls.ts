// inkwell ls [--json] [--deleted]: the conversations, newest first, read from the journals.
import type { ConversationSummary } from '../../../shared/ipc/contract';
import { heal } from '../../core/heal/heal';
import { JournalStore } from '../../core/journal/journalStore';
import { keysForReading, printJson, write, type CliContext } from '../cliContext';
import { EXIT } from '../exitCodes';
import { parseCommandArgs } from '../parseCommandArgs';

/** A conversation whose journal cannot be read: listed with the reason, never hidden. */
export interface DamagedConversation {
  id: string;
  damaged: string;
}

export async function listSummaries(ctx: CliContext): Promise<{ summaries: ConversationSummary[]; damaged: DamagedConversation[] }> {
  const journals = new JournalStore({ dataDir: ctx.dataDir, keys: await keysForReading(ctx) });
  const summaries: ConversationSummary[] = [];
  const damaged: DamagedConversation[] = [];
  for (const id of journals.listConversationIds()) {
    try {
      const { entries } = await journals.read(id);
      const c = heal(id, entries.map((e) => e.event));
      summaries.push({
        id,
        title: c.title,
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
        messageCount: c.messages.length,
        pinned: c.pinned,
        deleted: c.deleted,
        ...(c.provider !== undefined ? { provider: c.provider } : {}),
        ...(c.model !== undefined ? { model: c.model } : {}),
      });
    } catch (error) {
      damaged.push({ id, damaged: error instanceof Error ? error.message : String(error) });
    }
  }
  summaries.sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.updatedAt - a.updatedAt || a.id.localeCompare(b.id));
  return { summaries, damaged };
}

export async function runLs(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('ls', argv, { json: { type: 'boolean' }, deleted: { type: 'boolean' } });
  const { summaries, damaged } = await listSummaries(ctx);
  const shown = summaries.filter((s) => values.deleted === true || !s.deleted);
  // A damaged journal is one conversation's problem: it is listed as such, the rest as usual.
  if (values.json) printJson(ctx, [...shown, ...damaged]);
  else if (shown.length === 0 && damaged.length === 0) write(ctx.stderr, `No conversations in ${ctx.dataDir}.`);
  else {
    for (const s of shown) write(ctx.stdout, `${s.id}  ${new Date(s.updatedAt).toISOString().slice(0, 16).replace('T', ' ')}  ${String(s.messageCount).padStart(4)}  ${s.deleted ? '[deleted] ' : ''}${s.title || '(untitled)'}`);
    for (const d of damaged) write(ctx.stdout, `${d.id}  damaged: ${d.damaged}`);
  }
  if (damaged.length > 0) write(ctx.stderr, `inkwell: ${damaged.length} conversation(s) could not be read; \`inkwell verify\` says more. The others are listed as usual.`);
  return EXIT.ok;
}
