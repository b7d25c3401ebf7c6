// The built-in engine on real llama.cpp (node-llama-cpp 3.21.1's prebuilt binary), in its own
// process, on a tiny random-weight GGUF written here: a turn through the real engine and journal,
// abort, a process that dies mid-answer, a corrupt, a truncated and a deleted model, and a model
// too large for the stated memory. Nothing in the inference path is a fake.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventOf } from '../../../shared/events';
import { heal } from '../../../electron/core/heal/heal';
import type { ModelChoice } from '../../../electron/core/engine/chatEngine';
import { createBuiltinProvider, defaultThreads, type BuiltinProviderOptions } from '../../../electron/core/localEngine/builtinProvider';
import { EngineHost, forkEngineProcess } from '../../../electron/core/localEngine/engineHost';
import type { EnginePort } from '../../../electron/core/localEngine/engineProtocol';
import { ModelStore, describeModel } from '../../../electron/core/localEngine/modelStore';
import { currentTimeTool } from '../../../electron/core/tools/currentTimeTool';
import { searchHistoryTool } from '../../../electron/core/tools/searchHistoryTool';
import { CALL_PREFIX, writeTinyGguf } from '../../support/tinyGguf';
import { createEngineHarness } from '../engine/engineHarness';

const h = createEngineHarness();
const models = new ModelStore(h.dataDir);
const scratch = fs.mkdtempSync(path.join(h.dataDir, 'src-'));
const tinyFile = path.join(scratch, 'tiny.gguf');
writeTinyGguf(tinyFile);
const ports: EnginePort[] = [];
const host = new EngineHost({ spawn: () => ports[ports.push(forkEngineProcess()) - 1]!, idleMs: 60_000 });
afterAll(async () => {
  host.close();
  await h.close();
});

function builtin(model: string, params: ModelChoice['params'] = { maxTokens: 24, temperature: 0 }, extra: Partial<BuiltinProviderOptions> = {}): ModelChoice {
  return { provider: createBuiltinProvider({ host, models, threads: 1, gpu: false, contextSize: 512, ...extra }), providerLabel: 'builtin', model, params };
}

async function answer(text: string, choice: ModelChoice) {
  const conversationId = await h.engine.createConversation({ provider: 'builtin', model: choice.model });
  const turn = await h.engine.send(conversationId, text, choice);
  const outcome = await turn.done;
  const events = await h.events(conversationId);
  return { outcome, events, message: heal(conversationId, events).messages.find((m) => m.id === turn.assistantMessageId)! };
}

describe('the built-in engine on real llama.cpp', () => {
  it('reads what a GGUF says about itself, and imports only what reads as one', async () => {
    expect(await describeModel(tinyFile)).toMatchObject({ name: 'tiny', architecture: 'llama', quantization: 'F32', contextLength: 2048 });
    expect((await describeModel(tinyFile)).parameters).toBeGreaterThan(100_000);
    const garbage = path.join(scratch, 'notes.gguf');
    fs.writeFileSync(garbage, 'this is not a model');
    await expect(models.import(garbage)).rejects.toThrow(/notes.gguf is not a model the built-in engine can use: it does not read as GGUF/);
    expect(await models.list()).toEqual([]);

    expect(await models.import(tinyFile)).toMatchObject({ name: 'tiny', architecture: 'llama' });
    expect((await models.list()).map((m) => m.name)).toEqual(['tiny']);
    await expect(models.import(tinyFile)).rejects.toThrow('A model named "tiny" is there already');
    expect(fs.readdirSync(models.dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(defaultThreads(2)).toBe(1);
  });

  it('answers through the turn runner and the journal: text, usage, stop reason, each delta durable before it was shown', async () => {
    const first = await answer('Hello there', builtin('tiny'));
    expect(first.outcome).toBe('completed');
    expect(first.message).toMatchObject({ status: 'complete', provider: 'builtin', model: 'tiny', stopReason: 'max_tokens' });
    const deltas = first.events.filter((e): e is EventOf<'turn.delta'> => e.type === 'turn.delta');
    expect(deltas.length).toBeGreaterThan(3);
    expect(first.message.text).toBe(deltas.map((d) => d.text).join(''));
    expect(first.message.text).toMatch(/^[\x20-\x7e\n]+$/);
    expect(first.message.usage?.outputTokens).toBe(24);
    expect(first.message.usage?.inputTokens).toBeGreaterThan(3);
    expect(await h.everyForwardedWasDurable()).toBe(true);
    // With no limit asked for, an answer ends at a context's worth of tokens (never writes forever).
    const unbounded = await answer('Hello there', builtin('tiny', { temperature: 0 }, { contextSize: 300 }));
    expect(unbounded.message).toMatchObject({ status: 'complete', stopReason: 'max_tokens', usage: { outputTokens: 300 } });
    // Greedy decoding on the same weights: the same answer again.
    expect((await answer('Hello there', builtin('tiny'))).message.text).toBe(first.message.text);
  });

  it('stops at once on abort, keeping what was written', async () => {
    const conversationId = await h.engine.createConversation();
    const turn = await h.engine.send(conversationId, 'Write a lot', builtin('tiny', { maxTokens: 1500, temperature: 0 }));
    await new Promise<void>((resolve) => {
      const off = h.committer.onCommitted((b) => {
        if (b.conversationId === conversationId && b.events.some((e) => e.event.type === 'turn.delta')) {
          off();
          resolve();
        }
      });
    });
    const asked = performance.now();
    await h.engine.abort(conversationId);
    expect(await turn.done).toBe('aborted');
    expect(performance.now() - asked).toBeLessThan(500);
    const message = heal(conversationId, await h.events(conversationId)).messages.at(-1)!;
    expect(message.status).toBe('aborted');
    expect(message.text.length).toBeGreaterThan(0);
    // The engine is free again at once.
    expect((await answer('Again', builtin('tiny'))).outcome).toBe('completed');
  });

  it('fails an answer whose engine process dies, and the next answer starts a new one', async () => {
    const conversationId = await h.engine.createConversation();
    const turn = await h.engine.send(conversationId, 'Write a lot', builtin('tiny', { maxTokens: 1500, temperature: 0 }));
    await new Promise((resolve) => setTimeout(resolve, 150));
    ports.at(-1)!.kill();
    expect(await turn.done).toBe('failed');
    const message = heal(conversationId, await h.events(conversationId)).messages.at(-1)!;
    expect(message.error).toMatchObject({ code: 'engine_failed', retryable: true });
    expect(message.error?.message).toMatch(/built-in engine's process stopped \(signal SIGTERM/);
    const before = ports.length;
    expect((await answer('Still there?', builtin('tiny'))).outcome).toBe('completed');
    expect(ports.length).toBe(before + 1);
  });

  it('says what is wrong with a corrupt, a truncated, a deleted and a too-large model, and goes on with a good one', async () => {
    fs.writeFileSync(path.join(models.dir, 'corrupt.gguf'), Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(64, 0xff)]));
    const bytes = fs.readFileSync(tinyFile);
    fs.writeFileSync(path.join(models.dir, 'truncated.gguf'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    const listed = await models.list();
    expect(listed.find((m) => m.name === 'corrupt')?.problem).toMatch(/does not read as GGUF/);
    expect(listed.find((m) => m.name === 'truncated')?.problem).toMatch(/cut short/);

    const corrupt = await answer('hi', builtin('corrupt'));
    expect(corrupt.message.error).toMatchObject({ code: 'model_invalid' });
    const truncated = await answer('hi', builtin('truncated'));
    expect(truncated.message.error).toMatchObject({ code: 'model_invalid' });
    const missing = await answer('hi', builtin('nowhere'));
    expect(missing.message.error).toMatchObject({ code: 'model_missing' });
    const tooBig = await answer('hi', builtin('tiny', { maxTokens: 8 }, { memoryLimitBytes: 64 * 1024 }));
    expect(tooBig.message.error?.code).toBe('insufficient_memory');
    expect(tooBig.message.error?.message).toMatch(/needs \d+(\.\d)? [MG]B, and 1 MB is free/);

    writeTinyGguf(path.join(models.dir, 'alien.gguf'), { architecture: 'nonesuch' });
    const alien = await answer('hi', builtin('alien'));
    expect(alien.message.error).toMatchObject({ code: 'model_invalid' });
    expect(alien.message.error?.message).toContain('nonesuch');

    fs.copyFileSync(tinyFile, path.join(models.dir, 'doomed.gguf'));
    expect((await answer('hi', builtin('doomed'))).outcome).toBe('completed');
    fs.rmSync(path.join(models.dir, 'doomed.gguf'));
    expect((await answer('hi', builtin('doomed'))).message.error).toMatchObject({ code: 'model_missing' });

    expect((await answer('and now?', builtin('tiny'))).outcome).toBe('completed');
    // A linked model whose file went away is listed with the reason, and can still be removed.
    const moved = path.join(scratch, 'moved.gguf');
    fs.copyFileSync(tinyFile, moved);
    await models.import(moved, { link: true, name: 'linked' });
    fs.rmSync(moved);
    expect((await models.list()).find((m) => m.name === 'linked')?.problem).toMatch(/its file is not there \(ENOENT\)/);
    expect((await answer('hi', builtin('linked'))).message.error).toMatchObject({ code: 'model_missing' });
    models.remove('linked');
    expect((await answer('hi', builtin('../tiny'))).message.error).toMatchObject({ code: 'model_missing' });
    models.remove('corrupt');
    expect((await models.list()).map((m) => m.name)).toEqual(['alien', 'tiny', 'truncated']);
  });

  it('ends its process after the idle period, which frees the model, and starts again for the next answer', async () => {
    const idlePorts: EnginePort[] = [];
    const exits: string[] = [];
    const idleHost = new EngineHost({
      spawn: () => {
        const port = forkEngineProcess();
        port.onExit((detail) => exits.push(detail));
        idlePorts.push(port);
        return port;
      },
      idleMs: () => 300,
    });
    try {
      const choice = { provider: createBuiltinProvider({ host: idleHost, models, threads: 1, gpu: false, contextSize: 256 }), providerLabel: 'builtin', model: 'tiny', params: { maxTokens: 4, temperature: 0 } };
      expect((await answer('one', choice)).outcome).toBe('completed');
      await new Promise((resolve) => setTimeout(resolve, 1200));
      expect(exits).toHaveLength(1);
      expect((await answer('two', choice)).outcome).toBe('completed');
      expect(idlePorts).toHaveLength(2);
    } finally {
      idleHost.close();
    }
  });

  it('calls a tool through llama.cpp function calling, runs it, and gives the model its result', async () => {
    // A model whose answers always begin with node-llama-cpp's call prefix: offered a tool, it calls
    // it (the grammar writes a valid call); the turn runner runs the tool and asks again.
    const tools = createEngineHarness({ tools: [currentTimeTool(() => new Date('2026-12-08T10:00:00Z'))], maxSteps: 2 });
    const callerModels = new ModelStore(tools.dataDir);
    writeTinyGguf(path.join(scratch, 'caller.gguf'), { toolCaller: true });
    await callerModels.import(path.join(scratch, 'caller.gguf'));
    try {
      const conversationId = await tools.engine.createConversation();
      const choice: ModelChoice = {
        provider: createBuiltinProvider({ host, models: callerModels, threads: 1, gpu: false, contextSize: 1024 }),
        providerLabel: 'builtin',
        model: 'caller',
        params: { maxTokens: 60, temperature: 0 },
      };
      const turn = await tools.engine.send(conversationId, 'What time is it?', choice);
      expect(await turn.done).toBe('completed');
      const events = await tools.events(conversationId);
      const uses = events.filter((e): e is EventOf<'turn.tool_use'> => e.type === 'turn.tool_use');
      const results = events.filter((e): e is EventOf<'turn.tool_result'> => e.type === 'turn.tool_result');
      expect(uses.length).toBe(2); // one per step: it was asked again with the first result
      expect(uses[0]).toMatchObject({ name: 'current_time', input: {} });
      expect(results[0]).toMatchObject({ toolCallId: uses[0]!.toolCallId, isError: false, output: { iso: '2026-12-08T10:00:00.000Z' } });
      const types = events.map((e) => e.type);
      expect(types.indexOf('turn.tool_use')).toBeLessThan(types.indexOf('turn.tool_result'));
      const message = heal(conversationId, events).messages.at(-1)!;
      expect(message).toMatchObject({ status: 'complete', stopReason: 'tool_step_limit' });
      expect(message.text).not.toContain(CALL_PREFIX); // the call is a tool call, never text
      expect(await tools.everyForwardedWasDurable()).toBe(true);
    } finally {
      await tools.close();
    }
  });

  it('answers without tools when their description does not fit in a small context, and says so in the usage record', async () => {
    const specs = [searchHistoryTool(async () => []), currentTimeTool()].map((t) => t.spec);
    const items = [];
    for await (const item of host.generate({ modelPath: models.pathOf('tiny'), messages: [{ role: 'user', text: 'Hello' }], tools: specs, maxTokens: 8, temperature: 0, contextSize: 512, threads: 1, gpu: false })) items.push(item);
    expect(items.at(-1)).toEqual({ kind: 'end', stopReason: 'max_tokens' });
    expect(items.find((i) => i.kind === 'usage')).toMatchObject({ raw: { toolsLeftOut: 'the tools did not fit in the context' } });
  });
});
