// A tool the model may call. Its output is journalled as turn.tool_result and sent back to the model.
import type { ToolSpec } from '../providers';

export interface ToolContext {
  conversationId: string;
  signal: AbortSignal;
}

export interface Tool {
  spec: ToolSpec;
  run(input: unknown, context: ToolContext): Promise<unknown>;
}

/** A tool's answer for "this input is wrong": returned to the model, which can try again. */
export class ToolInputError extends Error {}
