// Ollama native /api/chat: NDJSON, one object per line. Tool calls arrive whole (arguments as
// an object); the final object has done: true with the token counts and is the end marker.
import { ProviderError } from './providerError';
import {
  asNumber,
  asString,
  isObject,
  parseRecord,
  toolInputFromJson,
  type StreamDecoder,
} from './streamDecoder';
import type { StreamItem } from './streamItem';

export class OllamaStreamDecoder implements StreamDecoder {
  private readonly utf8 = new TextDecoder('utf-8');
  private buffer = '';
  private queue: StreamItem[] = [];
  private toolCallCount = 0;
  private failure: ProviderError | undefined;
  private done = false;

  get ended(): boolean {
    return this.done;
  }

  feed(chunk: Uint8Array): void {
    if (this.done || this.failure) return;
    this.buffer += this.utf8.decode(chunk, { stream: true });
    let newline: number;
    while (!this.done && (newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      this.line(line);
    }
  }

  take(): StreamItem[] {
    const items = this.queue;
    this.queue = [];
    return items;
  }

  finish(): void {
    if (this.failure) throw this.failure;
    // A last line without its newline is accepted if it is complete JSON.
    const rest = this.buffer + this.utf8.decode();
    this.buffer = '';
    if (!this.done && rest.trim() !== '') {
      try {
        JSON.parse(rest);
      } catch {
        throw noEnd('it was cut off in the middle of a record');
      }
      this.line(rest);
    }
    if (!this.done) throw noEnd('the final done:true record never came');
  }

  private line(text: string): void {
    if (text.trim() === '') return;
    try {
      this.record(parseRecord(text, 'Ollama'));
    } catch (err) {
      if (err instanceof ProviderError) this.failure = err;
      throw err;
    }
  }

  private record(record: Record<string, unknown>): void {
    if (record.error !== undefined) {
      const message = asString(record.error) ?? JSON.stringify(record.error);
      throw new ProviderError('stream_error', `Ollama reported an error mid-reply: ${message}`, true);
    }
    const message = isObject(record.message) ? record.message : {};
    const thinking = asString(message.thinking);
    if (thinking) this.queue.push({ kind: 'delta', channel: 'reasoning', text: thinking });
    const content = asString(message.content);
    if (content) this.queue.push({ kind: 'delta', channel: 'text', text: content });
    if (Array.isArray(message.tool_calls)) {
      for (const call of message.tool_calls) if (isObject(call)) this.toolCall(call);
    }
    if (record.done === true) {
      this.queue.push({
        kind: 'usage',
        inputTokens: asNumber(record.prompt_eval_count),
        outputTokens: asNumber(record.eval_count),
        raw: pickCounts(record),
      });
      this.queue.push({ kind: 'end', stopReason: this.stopReason(asString(record.done_reason)) });
      this.done = true;
    }
  }

  private toolCall(call: Record<string, unknown>): void {
    const fn = isObject(call.function) ? call.function : {};
    const args = fn.arguments;
    const parsed =
      typeof args === 'string'
        ? toolInputFromJson(args)
        : isObject(args)
          ? { input: args }
          : args === undefined
            ? { input: {} }
            : { rawInput: JSON.stringify(args) };
    // Older Ollama versions send no id; ours only needs to be unique within the turn.
    const id = asString(call.id) ?? `call_${this.toolCallCount}`;
    this.toolCallCount += 1;
    this.queue.push({ kind: 'tool_use', toolCallId: id, name: asString(fn.name) ?? '', ...parsed });
  }

  private stopReason(doneReason: string | undefined): string {
    // Ollama says "stop" even when the model called tools.
    if (this.toolCallCount > 0) return 'tool_use';
    if (doneReason === 'length') return 'max_tokens';
    if (doneReason === undefined || doneReason === 'stop') return 'end_turn';
    return doneReason;
  }
}

function noEnd(why: string): ProviderError {
  return new ProviderError(
    'no_end_marker',
    `The Ollama stream ended before its final record (${why}), so the reply may be incomplete.`,
    true,
  );
}

function pickCounts(record: Record<string, unknown>): Record<string, unknown> {
  const keys = ['prompt_eval_count', 'eval_count', 'total_duration', 'load_duration', 'prompt_eval_duration', 'eval_duration', 'done_reason'];
  return Object.fromEntries(keys.filter((k) => record[k] !== undefined).map((k) => [k, record[k]]));
}
