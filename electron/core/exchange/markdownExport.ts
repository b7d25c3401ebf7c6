// Markdown export of the healed view: the active branch as the user sees it, with tool calls,
// usage, and the status of every answer that did not complete. Pure: conversation in, text out.
import type { HealedConversation, HealedMessage, HealedToolCall } from '../heal/healedConversation';
import { healedOf, readForExport, type ConversationExport, type ExportSource } from './rawExport';

const STATUS_NOTE: Record<HealedMessage['status'], string> = {
  complete: '',
  streaming: 'still being written when exported',
  interrupted: 'interrupted: Inkwell stopped before this answer finished; the text is what had arrived',
  failed: 'failed',
  aborted: 'stopped before it finished',
};

export function markdownOf(conversation: HealedConversation, exported: Date): string {
  const byId = new Map(conversation.messages.map((m) => [m.id, m]));
  const shown = conversation.activePath.map((id) => byId.get(id)).filter((m): m is HealedMessage => m !== undefined);
  const out: string[] = [`# ${oneLine(conversation.title) || 'Untitled conversation'}`, ''];
  out.push(`- Conversation: \`${conversation.id}\``);
  if (conversation.createdAt > 0) out.push(`- Created: ${iso(conversation.createdAt)}`);
  if (conversation.model) out.push(`- Model: ${[conversation.provider, conversation.model].filter(Boolean).join(' · ')}`);
  out.push(`- Exported: ${exported.toISOString()} (plaintext, not encrypted)`);
  const hidden = conversation.messages.length - shown.length;
  if (hidden > 0) out.push(`- ${hidden} message${hidden === 1 ? '' : 's'} on other branches not shown; the raw (.jsonl) export has them all.`);
  if (conversation.system) out.push('', '**System prompt**', '', quote(conversation.system));
  for (const message of shown) out.push('', '---', '', ...messageBlock(message));
  return out.join('\n') + '\n';
}

function messageBlock(m: HealedMessage): string[] {
  const who = m.role === 'user' ? 'You' : ['Assistant', m.model].filter(Boolean).join(' · ');
  const flags = [m.edited ? 'edited' : '', m.deleted ? 'deleted' : ''].filter(Boolean);
  const out = [`## ${who}${flags.length > 0 ? ` (${flags.join(', ')})` : ''}`, '', `_${iso(m.createdAt)}_`, ''];
  if (m.reasoning) out.push('**Reasoning**', '', quote(m.reasoning), '');
  for (const call of m.toolCalls ?? []) out.push(...toolBlock(call));
  if (m.text.length > 0) out.push(m.text, '');
  for (const a of m.attachments ?? []) out.push(`- Attachment: ${oneLine(a.name)}${a.mimeType ? ` (${a.mimeType})` : ''}`);
  const note = STATUS_NOTE[m.status];
  if (note) out.push(`> **${note}**${m.abortReason ? ` (${m.abortReason === 'user' ? 'by you' : 'at shutdown'})` : ''}`, '');
  if (m.error) out.push(`> Error \`${m.error.code}\`: ${oneLine(m.error.message)}${m.error.retryable ? ' (retryable)' : ''}`, '');
  if (m.usage) out.push(`_Usage: ${m.usage.inputTokens} input tokens, ${m.usage.outputTokens} output tokens_`, '');
  while (out.at(-1) === '') out.pop();
  return out;
}

function toolBlock(call: HealedToolCall): string[] {
  const out = [`**Tool call** \`${oneLine(call.name)}\` (\`${call.id}\`)`, ''];
  if (call.rawInput !== undefined) out.push('Invalid JSON from the model, not run:', '', fenced(call.rawInput, ''), '');
  else out.push(fenced(json(call.input), 'json'), '');
  if (call.output !== undefined) {
    out.push(call.isError ? '**Tool error**' : '**Tool result**', '', fenced(typeof call.output === 'string' ? call.output : json(call.output), typeof call.output === 'string' ? '' : 'json'), '');
  }
  return out;
}

/** A code fence longer than any backtick run inside, so model text cannot close it early. */
function fenced(text: string, lang: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text}\n${fence}`;
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((l) => (l.length > 0 ? `> ${l}` : '>'))
    .join('\n');
}

function json(value: unknown): string {
  return JSON.stringify(value ?? null, null, 2);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export async function markdownExport(source: ExportSource, conversationId: string, exported: Date): Promise<ConversationExport> {
  const journal = await readForExport(source, conversationId);
  const conversation = healedOf(conversationId, journal);
  return {
    conversationId,
    title: conversation.title,
    content: markdownOf(conversation, exported),
    count: conversation.activePath.length,
    skipped: journal.issues,
  };
}
