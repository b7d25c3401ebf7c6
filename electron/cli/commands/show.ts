// inkwell show <id> [--json] [--all-branches]: the healed conversation, read from its journal
// without the lock. An answer a crash left open is shown as interrupted, as the app shows it.
import type { HealedConversation, HealedMessage } from '../../../shared/conversation';
import { heal } from '../../core/heal/heal';
import { JournalStore } from '../../core/journal/journalStore';
import { keysForReading, printJson, write, type CliContext } from '../cliContext';
import { EXIT, UsageError } from '../exitCodes';
import { parseCommandArgs } from '../parseCommandArgs';
import { resolveConversationId } from '../resolveConversation';

export async function loadHealed(ctx: CliContext, id: string): Promise<{ conversation: HealedConversation; skipped: number }> {
  const journals = new JournalStore({ dataDir: ctx.dataDir, keys: await keysForReading(ctx) });
  const { entries, issues } = await journals.read(id);
  return { conversation: heal(id, entries.map((e) => e.event)), skipped: issues.length };
}

/** The output contract of show --json: id, title, messages with id, role, status, text (+ the rest). */
export function showJson(c: HealedConversation, allBranches: boolean) {
  const byId = new Map(c.messages.map((m) => [m.id, m]));
  const messages = allBranches ? c.messages : c.activePath.map((id) => byId.get(id)).filter((m): m is HealedMessage => m !== undefined);
  return {
    id: c.id,
    title: c.title,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    ...(c.provider !== undefined ? { provider: c.provider } : {}),
    ...(c.model !== undefined ? { model: c.model } : {}),
    ...(c.system !== undefined ? { system: c.system } : {}),
    pinned: c.pinned,
    deleted: c.deleted,
    messages: messages.map(({ childIds: _children, ...m }) => m),
  };
}

export async function runShow(ctx: CliContext, argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('show', argv, { json: { type: 'boolean' }, 'all-branches': { type: 'boolean' } });
  if (positionals.length !== 1) throw new UsageError('show: give one conversation id');
  const id = resolveConversationId(ctx.dataDir, positionals[0] as string);
  const { conversation, skipped } = await loadHealed(ctx, id);
  if (skipped > 0) write(ctx.stderr, `inkwell: ${skipped} unreadable record(s) in the journal of ${id} were skipped; run \`inkwell verify\`.`);
  const view = showJson(conversation, values['all-branches'] === true);
  if (values.json) {
    printJson(ctx, view);
    return EXIT.ok;
  }
  write(ctx.stdout, `# ${view.title || '(untitled)'}  (${view.id})`);
  for (const m of view.messages) {
    const head = m.role === 'user' ? 'You' : `Assistant${m.model ? ` · ${m.model}` : ''}`;
    const status = (m.status === 'complete' ? '' : `  [${m.status}${m.error ? `: ${m.error.message}` : ''}]`) + (m.recovered ? '  [recovered from the search mirror]' : '');
    write(ctx.stdout, `\n── ${head}${status}`);
    for (const call of m.toolCalls ?? []) write(ctx.stdout, `[tool ${call.name}${call.isError ? ', failed' : ''}]`);
    if (m.text) write(ctx.stdout, m.text);
    if (m.usage) write(ctx.stdout, `(${m.usage.inputTokens} in, ${m.usage.outputTokens} out)`);
  }
  return EXIT.ok;
}
