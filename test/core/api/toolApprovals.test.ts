// Whether an MCP tool's call runs: its trust, the conversation's earlier decisions (in its journal),
// or the user's answer, with "Always" kept in settings.json for the next start.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HealedConversation } from '../../../shared/conversation';
import { toolApprover, type AskChoice } from '../../../electron/core/api/toolApprovals';
import { SettingsStore } from '../../../electron/core/settings/settingsStore';

const request = (name: string) => ({ conversationId: 'c', toolCallId: 'x', name, input: {}, signal: new AbortController().signal });
const conversation = (approvals: { name: string; scope: 'once' | 'conversation' }[]): HealedConversation =>
  ({ id: 'c', messages: [{ id: 'a', role: 'assistant', toolCalls: approvals.map((a, i) => ({ id: `t${i}`, name: a.name, approval: { decision: 'allowed', scope: a.scope } })) }] }) as unknown as HealedConversation;

function setup(answers: (AskChoice | null)[], earlier: { name: string; scope: 'once' | 'conversation' }[] = []) {
  const settings = new SettingsStore(fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-trust-')));
  const asked: string[] = [];
  const approve = toolApprover({
    settings,
    conversation: async () => conversation(earlier),
    ask: async (r) => {
      asked.push(r.name);
      return answers.shift() ?? null;
    },
  });
  return { settings, approve, asked };
}

describe('toolApprover', () => {
  it('asks for a tool trusted to ask, and keeps Always in the settings', async () => {
    const { settings, approve, asked } = setup(['once', 'deny', 'always']);
    expect(await approve(request('mcp__s__a'))).toEqual({ decision: 'allowed', scope: 'once' });
    expect(await approve(request('mcp__s__a'))).toEqual({ decision: 'denied', scope: 'once' });
    expect(await approve(request('mcp__s__a'))).toEqual({ decision: 'allowed', scope: 'always' });
    expect(settings.read().mcpTrust).toEqual({ 'mcp__s__a': 'always' });
    expect(await approve(request('mcp__s__a'))).toEqual({ decision: 'allowed', scope: 'always' }); // not asked again
    expect(asked).toHaveLength(3);
  });

  it('allows without asking what the user allowed in this conversation already, and nothing else', async () => {
    const { approve, asked } = setup(['deny'], [{ name: 'mcp__s__a', scope: 'conversation' }, { name: 'mcp__s__b', scope: 'once' }]);
    expect(await approve(request('mcp__s__a'))).toEqual({ decision: 'allowed', scope: 'conversation' });
    expect(await approve(request('mcp__s__b'))).toEqual({ decision: 'denied', scope: 'once' });
    expect(asked).toEqual(['mcp__s__b']);
  });

  it('turns a yes for a tool trusted per conversation into one for the conversation; off is never asked; no one to ask is a refusal', async () => {
    const { settings, approve, asked } = setup(['once', null]);
    settings.update((s) => ({ ...s, mcpTrust: { 'mcp__s__c': 'conversation', 'mcp__s__off': 'off' } }));
    expect(await approve(request('mcp__s__c'))).toEqual({ decision: 'allowed', scope: 'conversation' });
    expect(await approve(request('mcp__s__off'))).toMatchObject({ decision: 'denied', scope: 'setting', reason: 'This tool is turned off in Settings; it was not run.' });
    expect(await approve(request('mcp__s__z'))).toMatchObject({ decision: 'denied', scope: 'setting', reason: expect.stringContaining('No one could be asked') });
    expect(asked).toEqual(['mcp__s__c', 'mcp__s__z']);
  });
});
