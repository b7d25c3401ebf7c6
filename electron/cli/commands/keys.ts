// inkwell keys status [--json]: which key backend is in use and whether it holds every master key
// the journals are encrypted with. Reads only; never creates a key.
import { scanJournalHeaders } from '../../core/journal/journalStore';
import { KeyVault } from '../../core/keys/keyVault';
import { createKeyBackend, keychainServiceOf, passphraseStoreOf, printJson, write, type CliContext } from '../cliContext';
import { EXIT, UsageError } from '../exitCodes';
import { parseCommandArgs } from '../parseCommandArgs';

export async function runKeys(ctx: CliContext, argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('keys', argv, { json: { type: 'boolean' } });
  if (positionals[0] !== 'status' || positionals.length !== 1) throw new UsageError('keys: the only subcommand is `keys status`');
  const { kids, unreadable } = await scanJournalHeaders(ctx.dataDir);
  const damaged = unreadable.map(({ conversationId, reason }) => ({ conversationId, reason }));
  const backendName = ctx.keyBackend === 'keytar' ? `OS keychain (keytar), service "${keychainServiceOf(ctx.env)}"` : `passphrase key store (${passphraseStoreOf(ctx.dataDir)})`;
  const keys: { kid: string; conversations: number; available: boolean; problem?: string }[] = [];
  if (kids.size > 0) {
    const vault = new KeyVault(await createKeyBackend(ctx, 'read'));
    for (const [kid, conversations] of kids) {
      try {
        await vault.getMasterKey(kid);
        keys.push({ kid, conversations: conversations.length, available: true });
      } catch (error) {
        keys.push({ kid, conversations: conversations.length, available: false, problem: (error as Error).message });
      }
    }
  }
  const ok = keys.every((k) => k.available);
  if (values.json) printJson(ctx, { dataDir: ctx.dataDir, backend: backendName, ok, keys, damaged });
  else {
    write(ctx.stdout, `Data directory: ${ctx.dataDir}\nKey backend:    ${backendName}`);
    if (keys.length === 0 && damaged.length === 0) write(ctx.stdout, 'No journals yet: a master key is created with the first conversation.');
    for (const k of keys) write(ctx.stdout, `  ${k.kid}  ${k.available ? 'available' : 'MISSING'}  (${k.conversations} conversation${k.conversations === 1 ? '' : 's'})${k.problem ? `\n    ${k.problem}` : ''}`);
    // Not a key problem, but a journal no key can be matched to: said, so nothing goes unaccounted.
    for (const d of damaged) write(ctx.stdout, `  conversation ${d.conversationId}: no readable journal header (${d.reason})`);
  }
  return ok ? EXIT.ok : EXIT.keys;
}
