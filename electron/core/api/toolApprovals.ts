// Whether a call of an MCP tool runs: its trust (settings.mcpTrust) decides, else the conversation
// (an earlier "allow in this conversation" in its journal), else the user is asked. "Always"
// persists in the settings; "in this conversation" lives in the journal, the one record of it.
import type { HealedConversation } from '../../../shared/conversation';
import type { SettingsStore } from '../settings/settingsStore';
import type { ApprovalDecision, ApprovalRequest, ToolApprover } from '../tools/tool';

export type AskChoice = 'once' | 'conversation' | 'always' | 'deny';

export interface ApprovalPolicy {
  settings: SettingsStore;
  /** The conversation as it is so far (its earlier approvals). */
  conversation(conversationId: string): Promise<HealedConversation>;
  /** Asks the user; null: no one can be asked (no terminal, no window). */
  ask(request: ApprovalRequest): Promise<AskChoice | null>;
}

export function toolApprover(policy: ApprovalPolicy): ToolApprover {
  return async (request): Promise<ApprovalDecision> => {
    const trust = policy.settings.read().mcpTrust[request.name] ?? 'ask';
    if (trust === 'off') return { decision: 'denied', scope: 'setting', reason: 'This tool is turned off in Settings; it was not run.' };
    if (trust === 'always') return { decision: 'allowed', scope: 'always' };
    const earlier = (await policy.conversation(request.conversationId)).messages.some((m) =>
      m.toolCalls?.some((c) => c.name === request.name && c.approval?.decision === 'allowed' && (c.approval.scope === 'conversation' || c.approval.scope === 'always')),
    );
    if (earlier) return { decision: 'allowed', scope: 'conversation' };
    const choice = await policy.ask(request);
    if (choice === null) return { decision: 'denied', scope: 'setting', reason: 'No one could be asked to allow this call (there is no terminal or window to ask in); it was not run.' };
    if (choice === 'deny') return { decision: 'denied', scope: 'once' };
    if (choice === 'always') policy.settings.update((s) => ({ ...s, mcpTrust: { ...s.mcpTrust, [request.name]: 'always' } }));
    // A tool trusted per conversation: the user's yes holds for the rest of this one.
    return { decision: 'allowed', scope: trust === 'conversation' && choice === 'once' ? 'conversation' : choice };
  };
}
