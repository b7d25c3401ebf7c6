// npm run bench:ui: the renderer's speed in Chromium, through the web bridge, on the real core.
//   open_1000_messages_ms      click on a conversation of 1,000 mixed messages (code, markdown)
//                              → its last message visible (median of 3 opens; the cold one too)
//   stream_200tps_long_tasks   main-thread tasks over 50 ms while a 2,000-token answer streams
//                              at 200 tokens/s into that conversation
//   stream_200tps_frame_ms_p95 95th percentile of frame intervals during that stream
//   open_huge_message_ms, open_huge_longest_task_ms: a 2 MB answer of 337,000 deltas (uiHugeMessage.ts)
// The conversation is seeded through the core's committer (not the UI), into a real data dir.
// The last line printed is {"bench":"ui","metrics":{...}}.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { PassphraseBackend } from '../electron/core/keys/passphraseBackend';
import { startFakeProvider } from '../test/fakeProvider';
import { launchChromium } from '../test/e2e/support/browser';
import { RENDERER_ROOT, startTestBridge } from '../test/e2e/support/bridge';
import { addFakeProvider } from '../test/e2e/support/inkwellPage';
import { seedConversation, type SeedTurn } from '../test/e2e/support/seed';
import { openHuge, seedHugeConversation } from './uiHugeMessage';

const MESSAGES = 1000;
/** The conversation that froze the page: 337,000 deltas (`-- --quick`: 50,000, the same 2 MB). */
const HUGE_DELTAS = process.argv.includes('--quick') ? 50_000 : 337_000;
const STREAM_TOKENS = 2000;
const TOKENS_PER_SECOND = 200;

function answerFor(i: number): string {
  const kinds = [
    `## Step ${i}\n\nHere is the plan, in **three** parts:\n\n1. Read the input and check its *shape*.\n2. Transform it with \`map\` and \`filter\`.\n3. Write the result, then verify it.\n\nA note: the [reference](https://example.com/docs/${i}) has more.`,
    `Use this function:\n\n\`\`\`ts\nexport function median${i}(values: number[]): number {\n  const sorted = [...values].sort((a, b) => a - b);\n  const mid = Math.floor(sorted.length / 2);\n  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;\n}\n\`\`\`\n\nIt runs in $O(n \\log n)$.`,
    `| Option | Cost | Notes |\n| --- | ---: | --- |\n| A | ${i} ms | simple |\n| B | ${i * 2} ms | cached |\n| C | ${i * 3} ms | exact |\n\nPick **B** unless you need exact results.`,
    `In Python:\n\n\`\`\`python\ndef chunks(items, size=${(i % 7) + 2}):\n    for start in range(0, len(items), size):\n        yield items[start:start + size]\n\nprint(list(chunks(range(10))))\n\`\`\`\n\n- It is lazy.\n- It keeps order.\n- It never copies the whole list.`,
  ];
  return kinds[i % kinds.length]!;
}

/** About 2,000 tokens of mixed markdown, cut into word-sized pieces. */
function streamTokens(count: number): string[] {
  const paragraphs: string[] = [];
  for (let i = 0; paragraphs.join('').split(/(?<= )/).length < count; i++) paragraphs.push(`${answerFor(i)}\n\n`);
  return paragraphs.join('').split(/(?<=[ \n])/).slice(0, count);
}

async function openMs(page: Page, conversationId: string, lastMessageId: string): Promise<number> {
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.waitForTimeout(300);
  return page.evaluate(
    ({ id, last }) =>
      new Promise<number>((resolve) => {
        const start = performance.now();
        document.querySelector<HTMLButtonElement>(`[data-conversation-id="${id}"] .conversation-open`)!.click();
        const check = () => {
          const el = document.querySelector(`[data-message-id="${last}"]`);
          const scroller = document.querySelector('[data-testid="message-list"]');
          if (el && scroller) {
            const box = el.getBoundingClientRect();
            const view = scroller.getBoundingClientRect();
            if (box.height > 0 && box.bottom <= view.bottom + 1 && box.bottom > view.top) return resolve(performance.now() - start);
          }
          requestAnimationFrame(check);
        };
        check();
      }),
    { id: conversationId, last: lastMessageId },
  );
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

/** Chromium's cumulative main-thread times (seconds): script, layout, style, all tasks. */
async function mainThreadTotals(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const wanted = ['ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'TaskDuration'];
  return Object.fromEntries(metrics.filter((m) => wanted.includes(m.name)).map((m) => [m.name, m.value]));
}

/** --profile: the renderer's JS self time during the stream, by function (top 25). */
async function startProfile(cdp: CDPSession): Promise<() => Promise<Record<string, number>>> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = (await cdp.send('Profiler.stop')) as {
      profile: { nodes: { id: number; callFrame: { functionName: string; lineNumber: number; url: string } }[]; samples: number[]; timeDeltas: number[] };
    };
    const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
    const totals = new Map<string, number>();
    profile.samples.forEach((id, i) => {
      const frame = byNode.get(id)?.callFrame;
      const key = `${frame?.functionName || '(anon)'}@${frame?.url.split('/').pop() ?? ''}:${frame?.lineNumber ?? 0}`;
      totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    });
    return Object.fromEntries([...totals].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => [k, Math.round(v)]));
  };
}

/** --trace: Chromium's trace of the stream, main-thread time summed by event name (top 15). */
async function startTrace(cdp: CDPSession): Promise<() => Promise<Record<string, number>>> {
  const events: { name: string; ph: string; dur?: number; tid: number; pid: number; args?: { name?: string } }[] = [];
  cdp.on('Tracing.dataCollected', (data) => {
    events.push(...(data.value as unknown as typeof events));
  });
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink,cc,v8', transferMode: 'ReportEvents' });
  return async () => {
    const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.end');
    await done;
    const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
    const totals = new Map<string, number>();
    for (const e of events) if (main && e.tid === main.tid && e.pid === main.pid && e.ph === 'X' && e.dur) totals.set(e.name, (totals.get(e.name) ?? 0) + e.dur / 1000);
    return Object.fromEntries([...totals].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => [k, Math.round(v)]));
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  if (!existsSync(path.join(RENDERER_ROOT, 'index.html'))) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'inkwell-bench-ui-'));
  const keyBackend = await PassphraseBackend.open(path.join(dataDir, 'keys.json'), 'bench', { N: 1024, r: 8, p: 1 });
  const fake = await startFakeProvider();
  const bridge = await startTestBridge({ dataDir, keyBackend });
  const browser = await launchChromium();
  try {
    await addFakeProvider(bridge, fake);
    const turns: SeedTurn[] = Array.from({ length: MESSAGES / 2 }, (_, i) => ({ user: `Question ${i}: how would you do part ${i}?`, assistant: answerFor(i), usage: { inputTokens: 20, outputTokens: 120 } }));
    const conversationId = await seedConversation(bridge.core, 'A long conversation (1,000 messages)', turns);
    const healed = await bridge.core.handlers.getConversation({ id: conversationId });
    const lastMessageId = healed.activePath.at(-1)!;
    const loads: number[] = [];
    for (let i = 0; i < 3; i++) {
      const loadStart = Date.now();
      await bridge.core.handlers.getConversation({ id: conversationId });
      loads.push(Date.now() - loadStart);
    }
    console.log(`core: getConversation of ${healed.messages.length} messages takes ${loads.join(', ')} ms (${(JSON.stringify(healed).length / 1024).toFixed(0)} KB)`);
    console.log(`seeded ${healed.messages.length} messages in ${Date.now() - started} ms`);

    const page = await browser.newPage();
    // tsx keeps function names with a helper that the page does not have.
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    await page.goto(bridge.url);
    await page.locator(`[data-conversation-id="${conversationId}"]`).waitFor();
    const opens: number[] = [];
    for (let i = 0; i < 3; i++) opens.push(await openMs(page, conversationId, lastMessageId));
    console.log(`open: ${opens.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    const sortedOpens = [...opens].sort((a, b) => a - b);

    // Baseline: frame intervals of the same page, idle, in the same run.
    const idleFrames = await page.evaluate(
      () =>
        new Promise<number[]>((resolve) => {
          const frames: number[] = [];
          let last = performance.now();
          const frame = (now: number) => {
            frames.push(now - last);
            last = now;
            if (frames.length < 120) requestAnimationFrame(frame);
            else resolve(frames.slice(2));
          };
          requestAnimationFrame(frame);
        }),
    );
    const idleP95 = percentile(idleFrames, 0.95);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metricsBefore = await mainThreadTotals(cdp);

    // Stream a 2,000-token answer at 200 tokens/s into that conversation, watching the main thread.
    fake.enqueue({ text: streamTokens(STREAM_TOKENS), tokensPerSecond: TOKENS_PER_SECOND });
    await page.evaluate(() => {
      const probe = { longTasks: [] as number[], longTaskAt: [] as number[], frames: [] as number[], running: true, t0: performance.now() };
      (window as unknown as { __probe: typeof probe }).__probe = probe;
      new PerformanceObserver((list) => list.getEntries().forEach((e) => { probe.longTasks.push(e.duration); probe.longTaskAt.push(e.startTime - probe.t0); })).observe({ type: 'longtask' });
      let last = performance.now();
      const frame = (now: number) => {
        probe.frames.push(now - last);
        last = now;
        if (probe.running) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    const tracing = process.argv.includes('--trace') ? await startTrace(cdp) : null;
    const profiling = process.argv.includes('--profile') ? await startProfile(cdp) : null;
    const box = page.getByLabel('Message', { exact: true });
    await box.fill('Write me a long answer with code and tables.');
    await box.press('Enter');
    const answer = page.locator('[data-testid="message"][data-role="assistant"]').last();
    await answer.and(page.locator('[data-status="streaming"]')).waitFor({ timeout: 20_000 });
    await answer.and(page.locator('[data-status="complete"]')).waitFor({ timeout: 60_000 });
    const probe = await page.evaluate(() => {
      const p = (window as unknown as { __probe: { longTasks: number[]; longTaskAt: number[]; frames: number[]; running: boolean } }).__probe;
      p.running = false;
      return p;
    });
    const metricsAfter = await mainThreadTotals(cdp);
    if (profiling) console.log(`profile, self time by function (ms): ${JSON.stringify(await profiling())}`);
    if (tracing) console.log(`trace, main thread by event (ms): ${JSON.stringify(await tracing())}`);
    const busy = Object.fromEntries(Object.entries(metricsAfter).map(([k, v]) => [k, Math.round((v - (metricsBefore[k] ?? 0)) * 1000)]));
    console.log(`main thread during the stream (ms): ${JSON.stringify(busy)}; idle frame p95 ${idleP95.toFixed(1)} ms`);
    const frames = probe.frames.slice(2);
    const p95 = percentile(frames, 0.95);
    const streamed = (await answer.getByTestId('assistant-text').textContent())?.length ?? 0;
    console.log(`stream: ${frames.length} frames, ${probe.longTasks.length} long tasks (${probe.longTasks.map((d, i) => `${d.toFixed(0)} ms at ${((probe.longTaskAt[i] ?? 0) / 1000).toFixed(1)} s`).join(', ')}), ${streamed} characters shown`);

    // The huge one, last: seeded now, opened twice (the second open is the one measured).
    const seedStart = Date.now();
    const huge = await seedHugeConversation(bridge.core, HUGE_DELTAS);
    console.log(`huge: seeded ${HUGE_DELTAS} deltas in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);
    await page.reload();
    await page.locator(`[data-conversation-id="${huge.conversationId}"]`).waitFor();
    const hugeCold = await openHuge(page, huge.conversationId, huge.assistantId);
    const hugeWarm = await openHuge(page, huge.conversationId, huge.assistantId);
    console.log(`huge: open cold ${JSON.stringify(hugeCold)}, warm ${JSON.stringify(hugeWarm)}`);

    const metrics = {
      open_huge_message_ms: Math.round(hugeWarm.firstPaintMs),
      open_huge_longest_task_ms: Math.round(hugeWarm.longestTaskMs),
      open_huge_cold_ms: Math.round(hugeCold.firstPaintMs),
      open_huge_cold_longest_task_ms: Math.round(hugeCold.longestTaskMs),
      open_1000_messages_ms: Math.round(sortedOpens[1]!),
      open_1000_messages_cold_ms: Math.round(opens[0]!),
      stream_200tps_long_tasks: probe.longTasks.length,
      stream_200tps_frame_ms_p95: Number(p95.toFixed(1)),
      stream_frames: frames.length,
      idle_frame_ms_p95: Number(idleP95.toFixed(1)),
      total_s: Number(((Date.now() - started) / 1000).toFixed(1)),
    };
    console.log(JSON.stringify({ bench: 'ui', metrics }));
  } finally {
    await browser.close();
    await bridge.stop();
    await fake.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
