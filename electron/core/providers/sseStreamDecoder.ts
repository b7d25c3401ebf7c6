// What the two SSE wire formats (OpenAI-compatible, Anthropic) share: UTF-8 decoding across chunk
// boundaries, SSE framing (eventsource-parser), the item queue, and the rule that a stream ends
// well only on its end marker. Each subclass owns its records' meaning.
import { createParser } from 'eventsource-parser';
import { ProviderError } from './providerError';
import type { StreamDecoder } from './streamDecoder';
import type { StreamItem } from './streamItem';

export abstract class SseStreamDecoder implements StreamDecoder {
  private readonly utf8 = new TextDecoder('utf-8');
  private readonly sse = createParser({ onEvent: (event) => this.onData(event.data, event.event) });
  protected queue: StreamItem[] = [];
  protected failure: ProviderError | undefined;
  protected done = false;

  /** Said when the body ends before the end marker. */
  protected abstract readonly noEndMarkerMessage: string;

  /** Handles one SSE record; throws a ProviderError for a malformed record or a provider error. */
  protected abstract handle(data: string, eventName: string | undefined): void;

  get ended(): boolean {
    return this.done;
  }

  feed(chunk: Uint8Array): void {
    if (this.done || this.failure) return;
    this.sse.feed(this.utf8.decode(chunk, { stream: true }));
    if (this.failure) throw this.failure;
  }

  take(): StreamItem[] {
    const items = this.queue;
    this.queue = [];
    return items;
  }

  finish(): void {
    if (this.done) return;
    if (this.failure) throw this.failure;
    throw new ProviderError('no_end_marker', this.noEndMarkerMessage, true);
  }

  private onData(data: string, eventName: string | undefined): void {
    if (this.done || this.failure) return;
    try {
      this.handle(data, eventName);
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      this.failure = err;
    }
  }
}
