// Conversation ids are long UUIDs: commands accept the whole id or any unique prefix of it.
import { AppError } from '../../shared/ipc/result';
import { journalDirOf, listJournalIds } from '../core/journal/journalStore';

export function resolveConversationId(dataDir: string, given: string): string {
  const ids = listJournalIds(journalDirOf(dataDir));
  if (ids.includes(given)) return given;
  const matches = given.length >= 4 ? ids.filter((id) => id.startsWith(given)) : [];
  if (matches.length === 1) return matches[0] as string;
  if (matches.length > 1) throw new AppError('invalid_request', `"${given}" matches ${matches.length} conversations; give more of the id.`);
  throw new AppError('not_found', `There is no conversation "${given}" in ${dataDir}. \`inkwell ls\` lists them.`);
}
