// Raw export of one conversation: the header line, then every event exactly as the journal holds
// it, in journal order. Corrupt records the journal skips are not exported; they are reported so
// the caller can tell the user which lines of the journal were left out.
import { heal } from '../heal/heal';
import type { HealedConversation } from '../heal/healedConversation';
import { journalPathOf } from '../journal/journalWriter';
import type { JournalIssue } from '../journal/journalReader';
import type { MasterKey } from '../keys/keyVault';
import { exportHeaderLine } from './exportFormat';
import { readJournalPlaintext, type PlaintextJournal } from '../journal/journalReader';

/** Where exports read from: the journal folder and the keys that open it. No lock is needed. */
export interface ExportSource {
  journalDir: string;
  keys: readonly MasterKey[];
}

export interface ConversationExport {
  conversationId: string;
  title: string;
  content: string;
  /** Events (raw) or messages (Markdown) in the content. */
  count: number;
  /** Journal records that could not be read and are therefore not in the export. */
  skipped: JournalIssue[];
}

export function readForExport(source: ExportSource, conversationId: string): Promise<PlaintextJournal> {
  return readJournalPlaintext(journalPathOf(source.journalDir, conversationId), conversationId, source.keys);
}

export function healedOf(conversationId: string, journal: PlaintextJournal): HealedConversation {
  return heal(conversationId, journal.entries.map((e) => e.event));
}

/** The export file's text: header line, then one event per line, each line '\n'-terminated. */
export function rawExportText(conversationId: string, eventLines: readonly string[], exported: Date): string {
  return [exportHeaderLine(conversationId, exported, eventLines.length), ...eventLines].join('\n') + '\n';
}

export async function rawExport(source: ExportSource, conversationId: string, exported: Date): Promise<ConversationExport> {
  const journal = await readForExport(source, conversationId);
  const lines = journal.entries.map((e) => e.text);
  return {
    conversationId,
    title: healedOf(conversationId, journal).title,
    content: rawExportText(conversationId, lines, exported),
    count: lines.length,
    skipped: journal.issues,
  };
}
