// A tool the model may call. Its output is journalled as turn.tool_result and sent back to the model.
import type { ToolSpec } from '../providers';

export interface ToolContext {
  conversationId: string;
  signal: AbortSignal;
}

export interface Tool {
  spec: ToolSpec;
  run(input: unknown, context: ToolContext): Promise<unknown>;
  /** Someone must allow each call before it runs (an MCP server's tool); see ToolApprover. */
  needsApproval?: boolean;
}

export interface ApprovalRequest {
  conversationId: string;
  toolCallId: string;
  name: string;
  input: unknown;
  signal: AbortSignal;
}

export interface ApprovalDecision {
  decision: 'allowed' | 'denied';
  scope: 'once' | 'conversation' | 'always' | 'setting';
  /** A denial's words for the model (not journalled: the decision is). */
  reason?: string;
}

/** Decides whether a call of a tool that needs approval runs: asks the user, or a setting answers. */
export type ToolApprover = (request: ApprovalRequest) => Promise<ApprovalDecision>;

/** A tool's answer for "this input is wrong": returned to the model, which can try again. */
export class ToolInputError extends Error {}
