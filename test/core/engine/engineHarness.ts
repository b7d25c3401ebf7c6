// A real engine on real files: a fresh data directory, a random master key, the fake provider on
// 127.0.0.1. Every committed event is checked against the bytes on disk at the moment it arrives.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CommittedEvent } from '../../../shared/ipc/contract';
import { ChatEngine, type ModelChoice } from '../../../electron/core/engine/chatEngine';
import { Committer } from '../../../electron/core/engine/committer';
import { JournalStore } from '../../../electron/core/journal/journalStore';
import { readJournal } from '../../../electron/core/journal/journalReader';
import { journalPathOf } from '../../../electron/core/journal/journalWriter';
import type { MasterKey } from '../../../electron/core/keys/keyVault';
import { createProvider, type ProviderConfig } from '../../../electron/core/providers';
import type { Tool, ToolApprover } from '../../../electron/core/tools/tool';
import type { FakeProvider, FakeWire } from '../../fakeProvider';

export interface Forwarded {
  committed: CommittedEvent;
  /** The journal file as it was on disk when the event was forwarded. */
  diskSnapshot: Buffer;
}

export function createEngineHarness(options: { tools?: Tool[]; durability?: 'fsync' | 'flush'; maxSteps?: number; approve?: ToolApprover } = {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'inkwell-engine-'));
  const keys: MasterKey[] = [{ kid: 'test-key', key: randomBytes(32) }];
  const journals = new JournalStore({ dataDir, keys, durability: options.durability ?? 'fsync' });
  const committer = new Committer(journals);
  const engine = new ChatEngine({ journals, committer, tools: options.tools ?? [], modelTitles: false, ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}), ...(options.approve ? { approve: options.approve } : {}) });
  const forwarded: Forwarded[] = [];
  committer.onCommitted((batch) => {
    const diskSnapshot = readFileSync(journalPathOf(journals.dir, batch.conversationId));
    for (const committed of batch.events) forwarded.push({ committed, diskSnapshot });
  });

  return {
    dataDir,
    keys,
    journals,
    committer,
    engine,
    forwarded,
    async events(conversationId: string) {
      return (await journals.read(conversationId)).entries.map((e) => e.event);
    },
    /** For each forwarded event: was it in the journal, decryptable, at its seq, when it was forwarded? */
    async everyForwardedWasDurable(): Promise<boolean> {
      for (const [i, f] of forwarded.entries()) {
        const file = path.join(dataDir, `snapshot-${i}.jsonl`);
        writeFileSync(file, f.diskSnapshot);
        const { entries } = await readJournal(file, f.committed.conversationId, keys);
        const at = entries.find((e) => e.seq === f.committed.seq);
        if (!at || at.event.id !== f.committed.event.id) return false;
      }
      return true;
    },
    close: () => journals.close(),
  };
}

export function choiceFor(fake: FakeProvider, wire: FakeWire, config: Partial<ProviderConfig> = {}): ModelChoice {
  const baseUrl = wire === 'openai' ? `${fake.url}/v1` : fake.url;
  const provider = createProvider({ kind: wire, baseUrl, apiKey: 'sk-test', retry: { baseDelayMs: 5 }, ...config });
  return { provider, providerLabel: `fake-${wire}`, model: 'fake-small' };
}
