// OpenAI Chat Completions streaming (also Ollama /v1, LM Studio, llama.cpp server, vLLM).
// SSE framing by eventsource-parser; the semantics are ours: deltas, tool calls assembled by
// index across chunks, reasoning deltas, the usage chunk, and `data: [DONE]` as the end marker.
import { SseStreamDecoder } from './sseStreamDecoder';
import { ProviderError } from './providerError';
import {
  asNumber,
  asString,
  isObject,
  parseRecord,
  toolInputFromJson,
} from './streamDecoder';
import type { UsageItem } from './streamItem';

interface PartialToolCall {
  index: number;
  id?: string;
  name: string;
  args: string;
}

export class OpenAiStreamDecoder extends SseStreamDecoder {
  private readonly toolCalls = new Map<number, PartialToolCall>();
  private finishReason: string | undefined;
  private usage: UsageItem | undefined;
  private sawToolCall = false;
  protected readonly noEndMarkerMessage =
    'The OpenAI-compatible stream ended without its [DONE] marker, so the reply may be incomplete.';

  protected handle(data: string, eventName: string | undefined): void {
    if (data.trim() === '[DONE]') {
      this.flushToolCalls();
      if (this.usage) this.queue.push(this.usage);
      this.queue.push({ kind: 'end', stopReason: this.stopReason() });
      this.done = true;
      return;
    }
    const chunk = parseRecord(data, 'OpenAI-compatible');
    if (chunk.error !== undefined || eventName === 'error') throw streamError(chunk.error ?? chunk);

    if (isObject(chunk.usage)) this.usage = toUsage(chunk.usage);
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    // n > 1 is never requested; other choices are ignored.
    const choice: unknown = choices.find((c) => isObject(c) && (c.index ?? 0) === 0);
    if (!isObject(choice)) return;
    const delta = isObject(choice.delta) ? choice.delta : {};

    // DeepSeek, vLLM and llama.cpp say reasoning_content; OpenRouter and Ollama say reasoning.
    const reasoning = asString(delta.reasoning_content) ?? asString(delta.reasoning);
    if (reasoning) this.queue.push({ kind: 'delta', channel: 'reasoning', text: reasoning });
    const content = asString(delta.content);
    if (content) this.queue.push({ kind: 'delta', channel: 'text', text: content });
    if (Array.isArray(delta.tool_calls)) {
      for (const call of delta.tool_calls) if (isObject(call)) this.addToolCallPiece(call);
    }

    const finish = asString(choice.finish_reason);
    if (finish) {
      this.finishReason = finish;
      // Usage (if asked for) and [DONE] still follow; tool calls are complete now.
      this.flushToolCalls();
    }
  }

  private addToolCallPiece(piece: Record<string, unknown>): void {
    const id = asString(piece.id);
    const index =
      typeof piece.index === 'number' ? piece.index : this.indexWithoutIndexField(id);
    let call = this.toolCalls.get(index);
    if (!call) {
      call = { index, name: '', args: '' };
      this.toolCalls.set(index, call);
    }
    if (id && !call.id) call.id = id;
    const fn = isObject(piece.function) ? piece.function : {};
    const name = asString(fn.name);
    // The name arrives whole in the first piece; some servers repeat it, so never concatenate.
    if (name && !call.name) call.name = name;
    call.args += asString(fn.arguments) ?? '';
  }

  /** A few servers omit `index`: a new id starts a new call, otherwise it continues the last. */
  private indexWithoutIndexField(id: string | undefined): number {
    const known = [...this.toolCalls.values()];
    const last = known[known.length - 1];
    if (!last) return 0;
    if (id && last.id && id !== last.id) return Math.max(...known.map((c) => c.index)) + 1;
    return last.index;
  }

  private flushToolCalls(): void {
    const calls = [...this.toolCalls.values()].sort((a, b) => a.index - b.index);
    this.toolCalls.clear();
    for (const call of calls) {
      this.queue.push({
        kind: 'tool_use',
        toolCallId: call.id ?? `call_${call.index}`,
        name: call.name,
        ...toolInputFromJson(call.args),
      });
      this.sawToolCall = true;
    }
  }

  private stopReason(): string {
    switch (this.finishReason) {
      case 'stop':
        return this.sawToolCall ? 'tool_use' : 'end_turn';
      case 'tool_calls':
      case 'function_call':
        return 'tool_use';
      case 'length':
        return 'max_tokens';
      case undefined:
        return this.sawToolCall ? 'tool_use' : 'end_turn';
      default:
        return this.finishReason;
    }
  }
}

function toUsage(usage: Record<string, unknown>): UsageItem {
  return {
    kind: 'usage',
    inputTokens: asNumber(usage.prompt_tokens),
    outputTokens: asNumber(usage.completion_tokens),
    raw: usage,
  };
}

function streamError(error: unknown): ProviderError {
  const detail = isObject(error) ? error : {};
  const message = asString(detail.message) ?? (typeof error === 'string' ? error : 'unknown error');
  const type = asString(detail.type) ?? asString(detail.code) ?? 'error';
  // Invalid requests will fail the same way again; anything else (server, overload) may not.
  const retryable = !/invalid|not_found|permission|auth/i.test(type);
  return new ProviderError(
    'stream_error',
    `The provider reported an error mid-reply (${type}): ${message}`,
    retryable,
  );
}
