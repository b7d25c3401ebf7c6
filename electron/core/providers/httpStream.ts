// The thin I/O edge: POST a request, retry before the first byte of the body, then feed the
// body to a pure decoder under first-token and idle timeouts, honouring the caller's abort.
import type { HttpRequestSpec } from './chatRequest';
import { classifyHttpError, connectionFailed, connectionLost } from './httpFailure';
import { ProviderError } from './providerError';
import { decideRetry, type RetryPolicy } from './retryPolicy';
import type { StreamDecoder } from './streamDecoder';
import { isContentItem, type StreamItem } from './streamItem';

export interface StreamTimeouts {
  /** From sending the request to the first delta or tool call. Local models load slowly. */
  firstTokenTimeoutMs: number;
  /** Longest silence between chunks once the reply has started. */
  idleTimeoutMs: number;
}

export interface HttpStreamOptions extends StreamTimeouts {
  retry: RetryPolicy;
  fetchImpl: typeof fetch;
}

type StopCause = 'aborted' | 'first_token_timeout' | 'idle_timeout';

/**
 * One HTTP attempt's cancellation: the caller's signal and our timers all abort the same
 * controller, and we remember who did it first so the error says why the stream stopped.
 */
class Attempt {
  readonly controller = new AbortController();
  private cause: StopCause | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onCallerAbort = (): void => this.stop('aborted');

  constructor(
    private readonly signal: AbortSignal | undefined,
    private readonly options: StreamTimeouts,
  ) {
    signal?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  /** True once the caller aborted or a timer fired: any error since is explained by that. */
  get stopped(): boolean {
    return this.cause !== undefined;
  }

  stop(cause: StopCause): void {
    this.cause ??= cause;
    this.controller.abort();
  }

  arm(ms: number, cause: StopCause): void {
    this.disarm();
    this.timer = setTimeout(() => this.stop(cause), Math.max(0, ms));
  }

  disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.disarm();
    this.signal?.removeEventListener('abort', this.onCallerAbort);
    this.controller.abort();
  }

  /** The error for an exception raised while (possibly) stopped by us or the caller. */
  explain(err: unknown, otherwise: (err: unknown) => ProviderError): ProviderError {
    switch (this.cause) {
      case 'aborted':
        return abortedError();
      case 'first_token_timeout':
        return new ProviderError(
          'first_token_timeout',
          `No reply started within ${seconds(this.options.firstTokenTimeoutMs)}. The model may still be loading; try again or raise the first-token timeout.`,
          true,
        );
      case 'idle_timeout':
        return new ProviderError(
          'idle_timeout',
          `The reply stalled: nothing arrived for ${seconds(this.options.idleTimeoutMs)}.`,
          true,
        );
      case undefined:
        return err instanceof ProviderError ? err : otherwise(err);
    }
  }
}

/**
 * Streams normalised items for one request. Throws ProviderError; items already yielded stay
 * valid (the caller keeps the partial text). Breaking out of the loop cancels the request.
 */
export async function* streamHttp(
  spec: HttpRequestSpec,
  createDecoder: () => StreamDecoder,
  signal: AbortSignal | undefined,
  options: HttpStreamOptions,
): AsyncGenerator<StreamItem, void, undefined> {
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw abortedError();
    const run = new Attempt(signal, options);
    let bodyStarted = false;
    try {
      const started = Date.now();
      run.arm(options.firstTokenTimeoutMs, 'first_token_timeout');
      const body = await send(spec, run, options.fetchImpl);
      const reader = body.getReader();
      const decoder = createDecoder();
      let replyStarted = false;
      for (;;) {
        // Before the first token only the overall first-token deadline applies; after it, each
        // read gets the idle timeout. Timers run only while we wait on the server, never while
        // the caller is busy with an item (e.g. fsyncing it).
        if (replyStarted) run.arm(options.idleTimeoutMs, 'idle_timeout');
        else run.arm(started + options.firstTokenTimeoutMs - Date.now(), 'first_token_timeout');
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (err) {
          const url = spec.url;
          throw run.explain(err, (e) => (bodyStarted ? connectionLost(url, e) : connectionFailed(url, e)));
        } finally {
          run.disarm();
        }

        let failure: unknown;
        try {
          if (chunk.done) decoder.finish();
          else {
            bodyStarted = true;
            decoder.feed(chunk.value);
          }
        } catch (err) {
          failure = err;
        }
        for (const item of decoder.take()) {
          if (isContentItem(item)) replyStarted = true;
          yield item;
        }
        if (failure !== undefined) throw failure;
        if (decoder.ended || chunk.done) return;
      }
    } catch (err) {
      // Anything but a ProviderError is a bug in a decoder: let it surface as one.
      if (!(err instanceof ProviderError) || bodyStarted) throw err;
      const decision = decideRetry(err, attempt, options.retry);
      if (!decision.retry) throw decision.error;
      run.dispose();
      await sleep(decision.delayMs, signal);
    } finally {
      run.dispose();
    }
  }
}

/** POSTs the request; resolves to the body reader of a 2xx answer, else throws the HTTP error. */
async function send(
  spec: HttpRequestSpec,
  run: Attempt,
  fetchImpl: typeof fetch,
): Promise<ReadableStream<Uint8Array>> {
  let response: Response;
  try {
    response = await fetchImpl(spec.url, {
      method: 'POST',
      headers: spec.headers,
      body: JSON.stringify(spec.body),
      signal: run.controller.signal,
    });
  } catch (err) {
    throw run.explain(err, (e) => connectionFailed(spec.url, e));
  }
  if (!response.ok) {
    let text = '';
    try {
      text = await response.text();
    } catch (err) {
      // The status already tells what happened; a body we cannot read only loses detail,
      // unless the caller aborted or a timer fired meanwhile.
      if (run.stopped) throw run.explain(err, (e) => connectionFailed(spec.url, e));
    }
    throw classifyHttpError(response.status, response.headers, text, spec.url, Date.now());
  }
  if (!response.body) {
    throw new ProviderError('bad_response', `${spec.url} answered ${response.status} with no body.`, true);
  }
  return response.body;
}

/** A wait that ends early, with 'aborted', if the caller aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function abortedError(): ProviderError {
  return new ProviderError('aborted', 'The request was stopped before the reply finished.', false);
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
