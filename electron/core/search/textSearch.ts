// Full-text search over the mirror's FTS5 trigram index. Trigrams match substrings in any script
// ("베이스" finds "데이터베이스를"), but a trigram index cannot look up fewer than three
// characters: such terms are matched with LIKE instead, as a filter on the FTS hits when the query
// also has longer terms, or as a scan of the searchable messages when it has none.
import type { Db } from '../sqlite/encryptedDb';
import { plainSnippet } from './plainSnippet';
import type { SearchHit } from './searchHit';

const SNIPPET_CHARS = 160;
const CANDIDATES = 2000;

function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function ftsPhrase(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/** A plain excerpt of `text` around the first occurrence of `term` (case-insensitive). */
export function excerpt(text: string, term: string | undefined): string {
  const at = term === undefined ? -1 : text.toLowerCase().indexOf(term.toLowerCase());
  const start = Math.max(0, at - SNIPPET_CHARS / 3);
  const end = Math.min(text.length, start + SNIPPET_CHARS);
  return `${start > 0 ? '…' : ''}${plainSnippet(text.slice(start, end))}${end < text.length ? '…' : ''}`;
}

export function textSearch(db: Db, query: string, limit: number): SearchHit[] {
  const terms = query.trim().split(/\s+/).filter((t) => t.length > 0);
  if (terms.length === 0) return [];
  const long = terms.filter((t) => [...t].length >= 3);
  const short = terms.filter((t) => [...t].length < 3);
  const likes = short.map(() => 'm.text LIKE ? ESCAPE \'\\\'').join(' AND ');
  if (long.length > 0) {
    // Ranking every match of a common term costs time in proportion to the matches: rank only the
    // newest CANDIDATES (FTS5 walks rowids newest first and stops), a bound that favours recent chats.
    const match = long.map(ftsPhrase).join(' AND ');
    const sql = `SELECT m.conversation_id AS conversationId, m.id AS messageId, m.text AS text, c.rank AS rank
      FROM (SELECT rowid, bm25(message_fts) AS rank FROM message_fts WHERE message_fts MATCH ?
            ORDER BY rowid DESC LIMIT ${CANDIDATES}) c
      JOIN messages m ON m.rowid = c.rowid
      ${likes ? `WHERE ${likes}` : ''}
      ORDER BY c.rank LIMIT ?`;
    const rows = db.prepare(sql).all(match, ...short.map(likePattern), limit) as { conversationId: string; messageId: string; text: string; rank: number }[];
    // The excerpt around the first term, in plain words (FTS5's snippet() counts trigram tokens: 24
    // of them are some 26 characters, too short to read). bm25() is lower-is-better and negative;
    // flip it so a higher score is a better hit.
    return rows.map((r) => ({ conversationId: r.conversationId, messageId: r.messageId, snippet: excerpt(r.text, long[0]), score: -r.rank }));
  }
  const sql = `SELECT m.conversation_id AS conversationId, m.id AS messageId, m.text AS text
    FROM messages m WHERE m.status != 'streaming' AND m.deleted = 0 AND ${likes}
    ORDER BY m.created_at DESC LIMIT ?`;
  const rows = db.prepare(sql).all(...short.map(likePattern), limit) as { conversationId: string; messageId: string; text: string }[];
  return rows.map((r, i) => ({ conversationId: r.conversationId, messageId: r.messageId, snippet: excerpt(r.text, short[0]), score: 1 / (1 + i) }));
}
