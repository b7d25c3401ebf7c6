// Helpers for journal tests: scratch data dirs, one event of every type, file snapshots.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { createEvent, newId, type InkwellEvent } from '../../../shared/events';
import type { MasterKey } from '../../../electron/core/keys/keyVault';

export function scratchDir(prefix = 'inkwell-journal-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function testKey(kid = 'mk-test'): MasterKey {
  return { kid, key: randomBytes(32) };
}

/** One event of each of the 14 types of docs/design.md §5, forming a plausible conversation. */
export function everyEventType(text = 'hello'): InkwellEvent[] {
  const user = newId();
  const turnId = newId();
  const assistant = newId();
  return [
    createEvent('conversation.created', { title: 'T', provider: 'ollama', model: 'llama3', system: 'be brief' }),
    createEvent('conversation.updated', { pinned: true, title: 'T2' }),
    createEvent('message.user', { messageId: user, parentId: null, text, attachments: [{ name: 'a.png', mimeType: 'image/png', size: 3 }] }),
    createEvent('turn.started', { turnId, messageId: assistant, parentId: user, provider: 'ollama', model: 'llama3', params: { temperature: 0.2 } }),
    createEvent('turn.delta', { turnId, index: 0, text: 'thinking', channel: 'reasoning' }),
    createEvent('turn.delta', { turnId, index: 1, text: `${text} back`, channel: 'text' }),
    createEvent('turn.tool_use', { turnId, toolCallId: 'call1', name: 'search', input: { q: text } }),
    createEvent('turn.tool_result', { turnId, toolCallId: 'call1', output: { hits: [text] }, isError: false }),
    createEvent('turn.usage', { turnId, inputTokens: 10, outputTokens: 5, raw: { prompt_eval_count: 10 } }),
    createEvent('turn.completed', { turnId, messageId: assistant, text: `${text} back`, stopReason: 'stop' }),
    createEvent('turn.failed', { turnId: newId(), error: { code: 'provider_failed', message: 'boom', retryable: true } }),
    createEvent('turn.aborted', { turnId: newId(), reason: 'user' }),
    createEvent('turn.interrupted', { turnId: newId(), reason: 'crash' }),
    createEvent('message.edited', { messageId: user, text: `${text}!` }),
    createEvent('message.deleted', { messageId: assistant }),
  ];
}

export function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out.sort();
}

/** path → sha256 of every file under dir: compare before and after to prove nothing changed. */
export function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, createHash('sha256').update(fs.readFileSync(f)).digest('hex')]));
}

export function lines(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split('\n');
}

/** Rewrites one line of a file (0-based, the header is line 0). */
export function replaceLine(file: string, index: number, fn: (line: string) => string): void {
  const all = lines(file);
  all[index] = fn(all[index]!);
  fs.writeFileSync(file, all.join('\n'));
}
