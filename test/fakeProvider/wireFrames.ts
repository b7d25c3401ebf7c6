// Each wire format's bytes for a script, as frames: head, one frame per token, tail, the end
// marker, plus the frames faults need. The frames are what real servers send, byte for byte
// in shape (field order aside).
import {
  argumentText,
  defaultStopReason,
  splitText,
  toolCallId,
  type FakeScript,
  type FakeWire,
} from './fakeScript';

export interface WireFrames {
  contentType: string;
  head: string[];
  tokens: string[];
  tail: string[];
  endMarker: string;
  error: (message: string) => string;
  malformed: string;
}

export interface FrameContext {
  model: string;
  /** OpenAI sends the usage chunk only when stream_options.include_usage asked for it. */
  includeUsage: boolean;
  inputTokens: number;
}

export function wireFrames(wire: FakeWire, script: FakeScript, ctx: FrameContext): WireFrames {
  switch (wire) {
    case 'openai':
      return openAiFrames(script, ctx);
    case 'anthropic':
      return anthropicFrames(script, ctx);
    case 'ollama':
      return ollamaFrames(script, ctx);
  }
}

function outputTokens(script: FakeScript): number {
  return script.usage?.outputTokens ?? (script.text?.length ?? 0) + (script.reasoning?.length ?? 0) + (script.toolCalls?.length ?? 0);
}

function inputTokens(script: FakeScript, ctx: FrameContext): number {
  return script.usage?.inputTokens ?? ctx.inputTokens;
}

const sse = (data: unknown): string => `data: ${JSON.stringify(data)}\n\n`;
const named = (event: string, data: Record<string, unknown>): string =>
  `event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`;

function openAiFrames(script: FakeScript, ctx: FrameContext): WireFrames {
  const chunk = (choice: Record<string, unknown> | null, extra: Record<string, unknown> = {}): string =>
    sse({
      id: 'chatcmpl-fake',
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model: ctx.model,
      choices: choice ? [{ index: 0, finish_reason: null, ...choice }] : [],
      ...extra,
    });
  const tokens: string[] = [];
  for (const t of script.reasoning ?? []) tokens.push(chunk({ delta: { reasoning_content: t } }));
  for (const t of script.text ?? []) tokens.push(chunk({ delta: { content: t } }));

  const calls = script.toolCalls ?? [];
  const pieces = calls.map((call, index) => {
    const args = splitText(argumentText(call), script.toolArgumentPieces ?? 3);
    const first = { index, id: toolCallId(call, index), type: 'function', function: { name: call.name, arguments: '' } };
    return [first, ...args.map((a) => ({ index, function: { arguments: a } }))];
  });
  const order = script.interleaveToolCalls ? roundRobin(pieces) : pieces.flat();
  for (const piece of order) tokens.push(chunk({ delta: { tool_calls: [piece] } }));

  const stop = defaultStopReason(script);
  const finish = stop === 'tool_use' ? 'tool_calls' : stop === 'max_tokens' ? 'length' : 'stop';
  const tail = [chunk({ delta: {}, finish_reason: finish })];
  if (ctx.includeUsage) {
    const input = inputTokens(script, ctx);
    const output = outputTokens(script);
    tail.push(chunk(null, { usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output } }));
  }
  return {
    contentType: 'text/event-stream',
    head: [chunk({ delta: { role: 'assistant', content: '' } })],
    tokens,
    tail,
    endMarker: 'data: [DONE]\n\n',
    error: (message) => sse({ error: { message, type: 'server_error', code: null } }),
    malformed: 'data: {"id":"chatcmpl-fake","choices":[{"index":0,"delta":{"content":"oops"}\n\n',
  };
}

function anthropicFrames(script: FakeScript, ctx: FrameContext): WireFrames {
  const tokens: string[] = [];
  let index = 0;
  const block = (start: Record<string, unknown>, deltas: Record<string, unknown>[], beforeStop: string[] = []): void => {
    const frames = deltas.map((delta) => named('content_block_delta', { index, delta }));
    if (frames.length === 0) return;
    frames[0] = named('content_block_start', { index, content_block: start }) + frames[0];
    frames[frames.length - 1] += beforeStop.join('') + named('content_block_stop', { index });
    tokens.push(...frames);
    index += 1;
  };
  block(
    { type: 'thinking', thinking: '' },
    (script.reasoning ?? []).map((thinking) => ({ type: 'thinking_delta', thinking })),
    [named('content_block_delta', { index, delta: { type: 'signature_delta', signature: 'ZmFrZQ==' } })],
  );
  block({ type: 'text', text: '' }, (script.text ?? []).map((text) => ({ type: 'text_delta', text })));
  (script.toolCalls ?? []).forEach((call, i) => {
    const args = splitText(argumentText(call), script.toolArgumentPieces ?? 3);
    block(
      { type: 'tool_use', id: toolCallId(call, i), name: call.name, input: {} },
      args.map((partial_json) => ({ type: 'input_json_delta', partial_json })),
    );
  });

  const message = {
    id: 'msg_fake',
    type: 'message',
    role: 'assistant',
    model: ctx.model,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: inputTokens(script, ctx), output_tokens: 1 },
  };
  return {
    contentType: 'text/event-stream',
    head: [named('message_start', { message }), named('ping', {})],
    tokens,
    tail: [
      named('message_delta', {
        delta: { stop_reason: defaultStopReason(script), stop_sequence: null },
        usage: { output_tokens: outputTokens(script) },
      }),
    ],
    endMarker: named('message_stop', {}),
    error: (text) => named('error', { error: { type: 'overloaded_error', message: text } }),
    malformed: 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"oops"\n\n',
  };
}

function ollamaFrames(script: FakeScript, ctx: FrameContext): WireFrames {
  const line = (message: Record<string, unknown>, extra: Record<string, unknown> = {}): string =>
    `${JSON.stringify({
      model: ctx.model,
      created_at: '2025-01-01T00:00:00Z',
      message: { role: 'assistant', content: '', ...message },
      done: false,
      ...extra,
    })}\n`;
  const tokens: string[] = [];
  for (const thinking of script.reasoning ?? []) tokens.push(line({ thinking }));
  for (const content of script.text ?? []) tokens.push(line({ content }));
  const calls = script.toolCalls ?? [];
  if (calls.length > 0) {
    // Ollama parses arguments server-side and sends whole calls; text it cannot parse stays a
    // string, which the client must keep raw.
    const toolCalls = calls.map((call) => ({ function: { name: call.name, arguments: parsedOrRaw(call.arguments) } }));
    tokens.push(line({ tool_calls: toolCalls }));
  }
  const stop = defaultStopReason(script);
  return {
    contentType: 'application/x-ndjson',
    head: [],
    tokens,
    tail: [],
    endMarker: line(
      {},
      {
        done: true,
        done_reason: stop === 'max_tokens' ? 'length' : 'stop',
        total_duration: 1_000_000,
        prompt_eval_count: inputTokens(script, ctx),
        eval_count: outputTokens(script),
      },
    ),
    error: (message) => `${JSON.stringify({ error: message })}\n`,
    malformed: '{"model":"fake","message":{"role":"assistant","content":"oops"\n',
  };
}

function parsedOrRaw(args: Record<string, unknown> | string): unknown {
  if (typeof args !== 'string') return args;
  try {
    return JSON.parse(args) as unknown;
  } catch {
    return args;
  }
}

function roundRobin<T>(lists: T[][]): T[] {
  const out: T[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++) {
    for (const list of lists) {
      const item = list[i];
      if (item !== undefined) out.push(item);
    }
  }
  return out;
}
