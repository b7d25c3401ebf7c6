// The provider-neutral request the engine builds from a conversation's healed branch.

export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the tool's input object. */
  inputSchema: Record<string, unknown>;
}

/** A tool call the assistant made earlier, as the journal recorded it. */
export interface ToolCallRecord {
  id: string;
  name: string;
  input?: unknown;
  /** Invalid JSON the model produced; it was never executed. */
  rawInput?: string;
}

export type ChatMessage =
  | { role: 'user'; text: string }
  | { role: 'assistant'; text: string; toolCalls?: ToolCallRecord[] }
  | { role: 'tool'; toolCallId: string; toolName: string; text: string; isError?: boolean };

export interface ChatParams {
  temperature?: number;
  maxTokens?: number;
}

export interface ChatRequest {
  model: string;
  system?: string;
  messages: ChatMessage[];
  tools?: ToolSpec[];
  params?: ChatParams;
}

/** What a request builder produces; the HTTP adapter sends it as a JSON POST. */
export interface HttpRequestSpec {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** Joins a base URL and a path without doubling or dropping the slash. */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
