// Usage from the mirror's aggregate is the same answer as the sum over healed conversations
// (usageByDay), day by day and model by model, on conversations across days, models and branches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, usageByDay } from '../../../electron/core/api/usageByDay';
import type { InkwellCore } from '../../../electron/core/inkwellCore';
import { call } from '../../support/api';
import { openTestCore } from '../../support/testCore';
import { seedConversation } from '../../e2e/support/seed';

describe('usage from the mirror', () => {
  let core: InkwellCore;
  const now = Date.now();
  beforeAll(async () => {
    core = await openTestCore();
    for (let c = 0; c < 12; c++) {
      const turns = Array.from({ length: 5 }, (_, t) => ({
        user: `q${c}.${t}`,
        assistant: `a${c}.${t}`,
        model: ['small', 'large', 'vision'][(c + t) % 3]!,
        usage: { inputTokens: 10 * c + t, outputTokens: 3 * t + 1 },
        at: now - (c * 3 + t) * DAY_MS + 1000,
      }));
      await seedConversation(core, `conversation ${c}`, turns, { startAt: turns[4]!.at });
    }
    // Turns without usage, and one in Recently deleted: counted alike.
    const binned = await seedConversation(core, 'binned', [{ user: 'x', assistant: 'y', usage: { inputTokens: 7, outputTokens: 7 } }]);
    await call(core, 'updateConversation', { id: binned, deleted: true });
    await seedConversation(core, 'no usage', [{ user: 'x', assistant: 'y' }]);
  });
  afterAll(async () => {
    await core.shutdown();
  });

  it('agrees with the sum over healed conversations for every window', async () => {
    const ids = core.journals.listConversationIds();
    const healed = await Promise.all(ids.map(async (id) => call(core, 'getConversation', { id })));
    for (const days of [1, 7, 30, 365]) {
      const since = now - days * DAY_MS;
      const fromMirror = core.mirror.usage(since);
      expect(fromMirror).toEqual(usageByDay(healed, days, now));
      expect(fromMirror.length).toBeGreaterThan(0);
    }
    expect(await call(core, 'usage', { days: 30 })).toEqual(core.mirror.usage(Date.now() - 30 * DAY_MS));
  });
});
