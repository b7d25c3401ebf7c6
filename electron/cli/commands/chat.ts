// inkwell chat [--conversation ID] --provider openai|anthropic|ollama --base-url URL --model M
//              [--api-key-env VAR] [--system TEXT] [--max-tokens N] [--temperature T] <prompt>
// inkwell chat --provider builtin --model NAME [--threads N] [--context N] <prompt>
// The app's engine, from a terminal: `conversation <id>` is the first line on stderr; the answer
// streams to stdout, each piece written only once the journal append holding it has resolved
// (write before show), so whatever was printed survives a kill -9.
import { AppError } from '../../../shared/ipc/result';
import { MAX_MESSAGE_CHARS, messageTooLongText } from '../../../shared/limits';
import type { CommittedBatch } from '../../core/engine/committer';
import { createProvider, type ChatParams, type Provider, type ProviderKind } from '../../core/providers';
import { createBuiltinProvider } from '../../core/localEngine/builtinProvider';
import { openChatMcp, type ApproveMode } from '../mcpForChat';
import { EngineHost } from '../../core/localEngine/engineHost';
import { ModelStore } from '../../core/localEngine/modelStore';
import { write, type CliContext } from '../cliContext';
import { EXIT, UsageError } from '../exitCodes';
import { openWritingSession } from '../openSessions';
import { oneOf, parseCommandArgs } from '../parseCommandArgs';
import { resolveConversationId } from '../resolveConversation';

export async function runChat(ctx: CliContext, argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('chat', argv, {
    conversation: { type: 'string', short: 'c' },
    provider: { type: 'string' },
    'base-url': { type: 'string' },
    model: { type: 'string', short: 'm' },
    'api-key-env': { type: 'string' },
    system: { type: 'string' },
    'max-tokens': { type: 'string' },
    temperature: { type: 'string' },
    threads: { type: 'string' },
    context: { type: 'string' },
    approve: { type: 'string' },
    'no-mcp': { type: 'boolean' },
  });
  const approveMode = oneOf<ApproveMode>('chat', 'approve', values.approve, ['ask', 'always', 'never'], 'ask');
  const kind = oneOf<ProviderKind | 'builtin'>('chat', 'provider', values.provider, ['openai', 'anthropic', 'ollama', 'builtin'], 'openai');
  if (values.provider === undefined) throw new UsageError('chat: --provider openai|anthropic|ollama|builtin is required');
  if (kind !== 'builtin' && values['base-url'] === undefined) throw new UsageError('chat: --base-url URL is required (e.g. http://127.0.0.1:11434/v1)');
  if (values.model === undefined) throw new UsageError(kind === 'builtin' ? 'chat: --model NAME is required (see inkwell models list)' : 'chat: --model M is required');
  const params: ChatParams = {};
  if (values['max-tokens'] !== undefined) params.maxTokens = positiveInt('max-tokens', values['max-tokens']);
  if (values.temperature !== undefined) {
    const t = Number(values.temperature);
    if (!Number.isFinite(t) || t < 0 || t > 2) throw new UsageError('chat: --temperature takes a number from 0 to 2');
    params.temperature = t;
  }
  const prompt = positionals.length > 0 ? positionals.join(' ') : await readPromptFromStdin(ctx);
  if (prompt.trim() === '') throw new UsageError('chat: give a prompt (as arguments, or on stdin)');
  // Before any conversation is created: a refused prompt leaves nothing behind.
  if (prompt.length > MAX_MESSAGE_CHARS) throw new UsageError(`chat: ${messageTooLongText(prompt.length)}`);
  let apiKey: string | undefined;
  if (values['api-key-env'] !== undefined) {
    apiKey = ctx.env[values['api-key-env']];
    if (apiKey === undefined || apiKey === '') throw new UsageError(`chat: the environment variable ${values['api-key-env']} is not set`);
  }
  let engineHost: EngineHost | undefined;
  let provider: Provider;
  if (kind === 'builtin') {
    engineHost = new EngineHost();
    const models = new ModelStore(ctx.dataDir);
    // A missing model is said before anything is written.
    if (!models.has(values.model)) throw new AppError('not_found', `There is no built-in model "${values.model}": see inkwell models list, or add one with inkwell models import PATH.`);
    provider = createBuiltinProvider({
      host: engineHost,
      models,
      ...(values.threads !== undefined ? { threads: positiveInt('threads', values.threads) } : {}),
      ...(values.context !== undefined ? { contextSize: positiveInt('context', values.context) } : {}),
      ...(ctx.env['INKWELL_ENGINE_GPU'] === 'off' ? { gpu: false as const } : {}),
    });
  } else {
    provider = createProvider({ kind, baseUrl: values['base-url']!, ...(apiKey !== undefined ? { apiKey } : {}) });
  }
  const existing = values.conversation === undefined ? undefined : resolveConversationId(ctx.dataDir, values.conversation);

  // The MCP servers' tools, started before anything is written (a refused --approve leaves nothing).
  const mcp = values['no-mcp'] === true ? undefined : await openChatMcp(ctx, approveMode);
  const session = await openWritingSession(ctx, { progress: false, ...(mcp ? { tools: mcp.tools, approveTool: mcp.approve } : {}) }).catch(async (error: unknown) => {
    await mcp?.close();
    throw error;
  });
  mcp?.attach((id) => session.core.engine.load(id));
  const { engine, committer } = session.core;
  let interrupted = false;
  const onSignal = (): void => {
    interrupted = true;
    if (conversationId !== undefined) void engine.abort(conversationId, 'user');
  };
  let conversationId: string | undefined;
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    conversationId = existing ?? (await engine.createConversation({ provider: kind, model: values.model, ...(values.system ? { system: values.system } : {}) }));
    ctx.stderr.write(`conversation ${conversationId}\n`);
    for (const turn of session.core.interrupted.closed) write(ctx.stderr, `inkwell: an answer a crash left open in ${turn.conversationId} was closed as interrupted.`);

    let printed = '';
    const id = conversationId;
    const unsubscribe = committer.onCommitted((batch: CommittedBatch) => {
      if (batch.conversationId !== id) return;
      for (const { event } of batch.events) {
        if (event.type === 'turn.delta' && event['channel'] === 'text') {
          const text = String(event['text']);
          ctx.stdout.write(text);
          printed += text;
        } else if (event.type === 'turn.tool_use') {
          write(ctx.stderr, `[tool ${String(event['name'])}]`);
        }
      }
    });
    const turn = await engine.send(id, prompt, { provider, providerLabel: kind, model: values.model, ...(Object.keys(params).length > 0 ? { params } : {}) });
    const outcome = await turn.done;
    unsubscribe();
    if (ctx.stdout.isTTY && printed !== '' && !printed.endsWith('\n')) ctx.stdout.write('\n');
    if (outcome === 'completed') return EXIT.ok;
    if (outcome === 'aborted') return interrupted ? EXIT.interrupted : EXIT.failure;
    const answer = (await engine.load(id)).messages.find((m) => m.id === turn.assistantMessageId);
    throw new AppError('provider_failed', `The answer failed: ${answer?.error?.message ?? 'unknown error'}. What arrived is kept in conversation ${id}.`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    engineHost?.close();
    await session.close();
    await mcp?.close();
  }
}

function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`chat: --${flag} takes a whole number above 0`);
  return n;
}

async function readPromptFromStdin(ctx: CliContext): Promise<string> {
  if (ctx.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of ctx.stdin) {
    chunks.push(chunk as Buffer);
    bytes += (chunk as Buffer).length;
    // Each character takes at least one byte: past this, the prompt is over the limit whatever it holds.
    if (bytes > 4 * MAX_MESSAGE_CHARS) throw new UsageError(`chat: the prompt on stdin is over ${(4 * MAX_MESSAGE_CHARS).toLocaleString('en-US')} bytes, more than one message can hold (${MAX_MESSAGE_CHARS.toLocaleString('en-US')} characters). Nothing was sent or saved.`);
  }
  return Buffer.concat(chunks).toString('utf8');
}
