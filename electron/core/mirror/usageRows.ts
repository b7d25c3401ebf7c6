// Tokens per day per model from the mirror: one aggregate over the usage rows and their messages,
// instead of healing every conversation (api/usageByDay.ts is the same sum over healed
// conversations, used while the mirror is not current; test/core/mirror/usageRows.test.ts holds
// them to the same answer).
import type { UsageDay } from '../../../shared/ipc/contract';
import type { Db } from '../sqlite/encryptedDb';

export function usageSince(db: Db, since: number): UsageDay[] {
  return db
    .prepare(
      `SELECT strftime('%Y-%m-%d', m.created_at / 1000, 'unixepoch') AS day, COALESCE(m.model, 'unknown') AS model,
              SUM(u.input_tokens) AS inputTokens, SUM(u.output_tokens) AS outputTokens
         FROM usage u JOIN messages m ON m.conversation_id = u.conversation_id AND m.id = u.message_id
        WHERE m.role = 'assistant' AND m.created_at >= ?
        GROUP BY day, model ORDER BY day, model`,
    )
    .all(since) as UsageDay[];
}
