// The raw export format, version 1: plaintext JSONL. Line 1 is a header naming the conversation
// and counting the events; every later line is one event exactly as the journal holds it.
//   {"inkwell":"export","v":1,"conversation":"<id>","exported":"<ISO time>","events":N}
// A folder export adds manifest.json listing its files.
import { z } from 'zod';

export const EXPORT_VERSION = 1;
export const MANIFEST_NAME = 'manifest.json';

/** The journal store's rule for conversation ids: they become file names, so nothing else gets in. */
export const CONVERSATION_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export const exportHeaderSchema = z.object({
  inkwell: z.literal('export'),
  v: z.number().int(),
  conversation: z.string().regex(CONVERSATION_ID_PATTERN, 'not a valid conversation id'),
  exported: z.string(),
  events: z.number().int().nonnegative(),
});
export type ExportHeader = z.infer<typeof exportHeaderSchema>;

/** The header line, keys in a fixed order, without '\n'. */
export function exportHeaderLine(conversationId: string, exported: Date, events: number): string {
  const header: ExportHeader = { inkwell: 'export', v: EXPORT_VERSION, conversation: conversationId, exported: exported.toISOString(), events };
  return JSON.stringify(header);
}

export type ExportFormat = 'jsonl' | 'md';

export function exportFileName(conversationId: string, format: ExportFormat): string {
  return `${conversationId}.${format}`;
}

export interface ManifestEntry {
  id: string;
  title: string;
  file: string;
  /** Events in the file (raw exports), or messages shown (Markdown). */
  events: number;
}

export interface ExportManifest {
  inkwell: 'export-manifest';
  v: typeof EXPORT_VERSION;
  exported: string;
  format: ExportFormat;
  /** Plaintext: anyone who can read these files can read the conversations. */
  encrypted: false;
  conversations: ManifestEntry[];
  /** Conversations asked for but left out: their journals could not be read. */
  unreadable?: { id: string; reason: string }[];
}

export const manifestSchema = z.object({
  inkwell: z.literal('export-manifest'),
  v: z.number().int(),
  format: z.enum(['jsonl', 'md']),
  conversations: z.array(z.object({ id: z.string(), file: z.string() }).loose()),
}).loose();
