// Anthropic Messages streaming: message_start, content_block_start/delta/stop, ping,
// message_delta (stop reason, output usage), message_stop (the end marker), and `error` events
// that can arrive mid-stream (e.g. overloaded_error after a 200).
import { SseStreamDecoder } from './sseStreamDecoder';
import { ProviderError } from './providerError';
import {
  asNumber,
  asString,
  isObject,
  parseRecord,
  toolInputFromJson,
} from './streamDecoder';
import type { StreamItem } from './streamItem';

interface OpenBlock {
  type: string;
  id?: string;
  name?: string;
  json: string;
  /** A tool_use block's input given whole at content_block_start (used if no deltas follow). */
  initialInput?: unknown;
}

export class AnthropicStreamDecoder extends SseStreamDecoder {
  private readonly blocks = new Map<number, OpenBlock>();
  private usage: Record<string, unknown> = {};
  private stopReason = 'end_turn';
  protected readonly noEndMarkerMessage =
    'The Anthropic stream ended without message_stop, so the reply may be incomplete.';

  protected handle(data: string, eventName: string | undefined): void {
    const event = parseRecord(data, 'Anthropic');
    // The data's own type is authoritative; the SSE event name is the same string.
    switch (asString(event.type) ?? eventName) {
      case 'message_start': {
        const message = isObject(event.message) ? event.message : {};
        if (isObject(message.usage)) this.usage = { ...message.usage };
        return;
      }
      case 'content_block_start':
        return this.startBlock(asNumber(event.index), event.content_block);
      case 'content_block_delta':
        return this.blockDelta(asNumber(event.index), event.delta);
      case 'content_block_stop':
        return this.stopBlock(asNumber(event.index));
      case 'message_delta': {
        const delta = isObject(event.delta) ? event.delta : {};
        const reason = asString(delta.stop_reason);
        if (reason) this.stopReason = reason;
        // message_delta usage is cumulative: it replaces, not adds to, message_start's.
        if (isObject(event.usage)) this.usage = { ...this.usage, ...event.usage };
        return;
      }
      case 'message_stop':
        for (const index of [...this.blocks.keys()]) this.stopBlock(index);
        this.queue.push(usageItem(this.usage));
        this.queue.push({ kind: 'end', stopReason: this.stopReason });
        this.done = true;
        return;
      case 'error':
        throw streamError(event.error);
      default:
        // ping, and event types newer than this code: Anthropic asks clients to ignore them.
        return;
    }
  }

  private startBlock(index: number, raw: unknown): void {
    const block = isObject(raw) ? raw : {};
    const type = asString(block.type) ?? 'unknown';
    this.blocks.set(index, {
      type,
      id: asString(block.id),
      name: asString(block.name),
      json: '',
      initialInput: block.input,
    });
    const text = type === 'text' ? asString(block.text) : asString(block.thinking);
    if (text && (type === 'text' || type === 'thinking')) {
      this.queue.push({ kind: 'delta', channel: type === 'text' ? 'text' : 'reasoning', text });
    }
  }

  private blockDelta(index: number, raw: unknown): void {
    const delta = isObject(raw) ? raw : {};
    switch (asString(delta.type)) {
      case 'text_delta': {
        const text = asString(delta.text);
        if (text) this.queue.push({ kind: 'delta', channel: 'text', text });
        return;
      }
      case 'thinking_delta': {
        const text = asString(delta.thinking);
        if (text) this.queue.push({ kind: 'delta', channel: 'reasoning', text });
        return;
      }
      case 'input_json_delta': {
        const block = this.blocks.get(index);
        if (block) block.json += asString(delta.partial_json) ?? '';
        return;
      }
      default:
        // signature_delta, citations_delta: nothing the user reads.
        return;
    }
  }

  private stopBlock(index: number): void {
    const block = this.blocks.get(index);
    this.blocks.delete(index);
    if (!block || block.type !== 'tool_use') return;
    const parsed =
      block.json === '' && isObject(block.initialInput)
        ? { input: block.initialInput }
        : toolInputFromJson(block.json);
    this.queue.push({
      kind: 'tool_use',
      toolCallId: block.id ?? `toolu_${index}`,
      name: block.name ?? '',
      ...parsed,
    });
  }
}

function usageItem(usage: Record<string, unknown>): StreamItem {
  // Cached prompt tokens are billed and counted separately by Anthropic; the user's "input"
  // is all of them together.
  const input =
    asNumber(usage.input_tokens) +
    asNumber(usage.cache_creation_input_tokens) +
    asNumber(usage.cache_read_input_tokens);
  return { kind: 'usage', inputTokens: input, outputTokens: asNumber(usage.output_tokens), raw: usage };
}

const retryableErrors = new Set(['overloaded_error', 'api_error', 'rate_limit_error', 'timeout_error']);

function streamError(raw: unknown): ProviderError {
  const error = isObject(raw) ? raw : {};
  const type = asString(error.type) ?? 'error';
  const message = asString(error.message) ?? 'unknown error';
  return new ProviderError(
    'stream_error',
    `Anthropic reported an error mid-reply (${type}): ${message}`,
    retryableErrors.has(type),
  );
}
