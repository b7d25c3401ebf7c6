// The normalised output of every wire format: what the engine turns into journal events.

export type StreamChannel = 'text' | 'reasoning';

/**
 * Normalised stop reasons, in Anthropic's vocabulary because it is the richest:
 * 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence' | 'content_filter' | 'refusal' |
 * 'pause_turn'. A reason we do not know is passed through as the provider spelled it.
 */
export type StopReason = string;

export type StreamItem =
  | { kind: 'delta'; channel: StreamChannel; text: string }
  /** Exactly one of input (parsed JSON object) or rawInput (the text that failed to parse). */
  | { kind: 'tool_use'; toolCallId: string; name: string; input?: unknown; rawInput?: string }
  | { kind: 'usage'; inputTokens: number; outputTokens: number; raw: unknown }
  | { kind: 'end'; stopReason: StopReason };

export type ToolUseItem = Extract<StreamItem, { kind: 'tool_use' }>;
export type UsageItem = Extract<StreamItem, { kind: 'usage' }>;

/** Deltas and tool calls are what the user sees; the first one ends the first-token wait. */
export function isContentItem(item: StreamItem): boolean {
  return item.kind === 'delta' || item.kind === 'tool_use';
}
