// What a test asks the fake provider to answer. One script answers one chat request
// (after its failFirst answers, each of which consumes a request of its own).

export type FakeWire = 'openai' | 'anthropic' | 'ollama';

export interface FakeToolCall {
  id?: string;
  name: string;
  /** An object, or raw text: give invalid JSON here to test that it is never executed. */
  arguments: Record<string, unknown> | string;
}

/** Where the stream goes wrong. afterTokens counts token frames sent first (default: all). */
export type FakeFault =
  | { kind: 'reset'; afterTokens?: number } // socket.destroy() mid-stream
  | { kind: 'hang'; afterTokens?: number; beforeHeaders?: boolean } // never send more
  | { kind: 'error'; afterTokens?: number; message?: string } // the wire's error object
  | { kind: 'malformed'; afterTokens?: number } // a chunk that is not JSON
  | { kind: 'no_end_marker' }; // everything but the end marker, then a clean close

/** An answer before the stream: an HTTP error status, or a connection reset before headers. */
export type FakeHttpFailure =
  | { status: number; retryAfter?: string; body?: unknown; headers?: Record<string, string> }
  | { reset: true };

export interface FakeScript {
  /** Only requests that fit take this script; others take the next fitting one (or the echo). */
  match?: { wire?: FakeWire; model?: string; lastUserIncludes?: string };
  failFirst?: FakeHttpFailure[];
  reasoning?: string[];
  text?: string[];
  toolCalls?: FakeToolCall[];
  /** Pieces each tool call's argument text is streamed in (OpenAI, Anthropic). Default 3. */
  toolArgumentPieces?: number;
  /** Interleave the pieces of parallel tool calls (OpenAI), to test assembly by index. */
  interleaveToolCalls?: boolean;
  usage?: { inputTokens: number; outputTokens: number };
  /** Normalised: 'end_turn' | 'tool_use' | 'max_tokens'; the fake spells it per wire. */
  stopReason?: string;
  fault?: FakeFault;
  /** Pace of token frames; tokensPerSecond wins and is scheduled on absolute times. */
  tokenDelayMs?: number;
  tokensPerSecond?: number;
  /** Silence before the first token frame (a model still loading). */
  firstTokenDelayMs?: number;
  /** Re-cut the body at random byte boundaries from this seed. */
  splitSeed?: number;
}

/** The answer when no script is queued: echo the last user message, so e2e runs need no setup. */
export function echoScript(lastUserText: string): FakeScript {
  const words = `Echo: ${lastUserText}`.split(/(?<= )/);
  return { text: words };
}

export function scriptFits(script: FakeScript, wire: FakeWire, model: string, lastUser: string): boolean {
  const match = script.match;
  if (!match) return true;
  if (match.wire !== undefined && match.wire !== wire) return false;
  if (match.model !== undefined && match.model !== model) return false;
  if (match.lastUserIncludes !== undefined && !lastUser.includes(match.lastUserIncludes)) return false;
  return true;
}

/** The argument text the model "wrote" for a tool call. */
export function argumentText(call: FakeToolCall): string {
  return typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
}

export function toolCallId(call: FakeToolCall, index: number): string {
  return call.id ?? `call_fake_${index}`;
}

export function splitText(text: string, pieces: number): string[] {
  if (pieces <= 1 || text.length <= 1) return [text];
  const size = Math.ceil(text.length / pieces);
  const out: string[] = [];
  for (let at = 0; at < text.length; at += size) out.push(text.slice(at, at + size));
  return out;
}

export function defaultStopReason(script: FakeScript): string {
  return script.stopReason ?? (script.toolCalls?.length ? 'tool_use' : 'end_turn');
}
