// The desktop app runs the mirror's worker from the built bundle (out/main/mirrorWorker.js), not
// from TypeScript: prove that file works on its own, against real journals.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEvent, newId } from '../../shared/events';
import { JournalStore } from '../../electron/core/journal/journalStore';
import { Mirror } from '../../electron/core/mirror/mirror';

const BUILT_WORKER = path.resolve(__dirname, '../../out/main/mirrorWorker.js');

describe('the built mirror worker', () => {
  it('rebuilds the mirror from journals and answers a search', async () => {
    if (!existsSync(BUILT_WORKER)) throw new Error(`No ${BUILT_WORKER}: run \`npm run build\` first.`);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'inkwell-built-worker-'));
    const key = { kid: 'built', key: randomBytes(32) };
    const journals = new JournalStore({ dataDir, keys: [key] });
    for (const word of ['lighthouse', 'harbour', 'compass']) {
      const writer = await journals.writer(newId());
      await writer.append([
        createEvent('conversation.created', { title: word }),
        createEvent('message.user', { messageId: newId(), parentId: null, text: `Tell me about the ${word}` }),
      ]);
    }
    await journals.close();

    const mirror = await Mirror.open(dataDir, key, { workerEntry: BUILT_WORKER });
    try {
      const report = await mirror.reconcile();
      expect(report.fullRebuild).not.toBeNull();
      expect(mirror.listConversations().map((c) => c.title).sort()).toEqual(['compass', 'harbour', 'lighthouse']);
      const hits = await mirror.search('harbour', { mode: 'hybrid', limit: 5 });
      expect(hits[0]?.snippet).toContain('harbour');
    } finally {
      await mirror.close();
    }
  });
});
