// Text search over a real mirror: the snippet under each hit comes from that hit's own message,
// also when many messages in several conversations share the word searched for.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEvent, newId, type InkwellEvent } from '../../../shared/events';
import { JournalStore } from '../../../electron/core/journal/journalStore';
import { Mirror } from '../../../electron/core/mirror/mirror';

describe('text search snippets', () => {
  it('quote the message each hit points at', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'inkwell-text-search-'));
    const key = { kid: 'search', key: randomBytes(32) };
    const journals = new JournalStore({ dataDir, keys: [key] });
    const textOf = new Map<string, string>();
    for (let c = 0; c < 4; c++) {
      const writer = await journals.writer(newId());
      const events: InkwellEvent[] = [createEvent('conversation.created', { title: `Harbour ${c}` })];
      let parentId: string | null = null;
      for (let m = 0; m < 6; m++) {
        const messageId = newId();
        const text = `note ${c}-${m}: ship ${c * 100 + m} lighthouse ${c * 100 + m} keeper`;
        textOf.set(messageId, text);
        events.push(createEvent('message.user', { messageId, parentId, text }));
        parentId = messageId;
      }
      await writer.append(events);
    }
    await journals.close();
    const mirror = await Mirror.open(dataDir, key);
    try {
      await mirror.reconcile();
      const hits = await mirror.search('lighthouse', { mode: 'text', limit: 50 });
      expect(hits).toHaveLength(24);
      for (const hit of hits) {
        const own = textOf.get(hit.messageId)!;
        expect(own, hit.snippet).toContain(hit.snippet.replace(/…/g, '').trim());
      }
    } finally {
      await mirror.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
