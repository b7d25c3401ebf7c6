// inkwell search <query> [--mode text|semantic|hybrid] [--limit N] [--json]
// Searches the mirror. When no other process holds the data directory, the mirror is first brought
// up to date from the journals; while the app runs, it keeps the mirror current itself.
import { AppError } from '../../../shared/ipc/result';
import type { SearchMode } from '../../core/search/searchHit';
import { printJson, write, type CliContext } from '../cliContext';
import { EXIT, UsageError } from '../exitCodes';
import { mirrorKeysForReading, openMirror, tryLock } from '../openSessions';
import { oneOf, parseCommandArgs } from '../parseCommandArgs';

export async function runSearch(ctx: CliContext, argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('search', argv, {
    mode: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
  });
  const mode = oneOf<SearchMode>('search', 'mode', values.mode, ['text', 'semantic', 'hybrid'], 'hybrid');
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('search: --limit must be a positive whole number');
  const query = positionals.join(' ');
  if (query.trim() === '') throw new UsageError('search: give a query');
  const opened = await mirrorKeysForReading(ctx);
  if (opened === null) throw new AppError('not_found', 'There is no search mirror yet: run `inkwell rebuild` (or start the app) to build it.');
  const lock = tryLock(ctx.dataDir);
  const mirror = await openMirror(ctx, opened.keys, opened.vault);
  try {
    if (lock !== null) await mirror.reconcile();
    const titles = new Map(mirror.listConversations().map((c) => [c.id, c.title]));
    const hits = (await mirror.search(query, { mode, limit })).map((h) => ({ ...h, title: titles.get(h.conversationId) ?? '' }));
    if (values.json) printJson(ctx, hits);
    else if (hits.length === 0) write(ctx.stderr, 'No matches.');
    else for (const h of hits) write(ctx.stdout, `${h.score.toFixed(3)}  ${h.conversationId}  ${h.title || '(untitled)'}\n       ${h.snippet.replace(/\s+/g, ' ')}`);
    return EXIT.ok;
  } finally {
    await mirror.close();
    lock?.release();
  }
}
