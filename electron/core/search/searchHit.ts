// What a search returns, whatever the mode.
export type SearchMode = 'text' | 'semantic' | 'hybrid';

export interface SearchOptions {
  mode?: SearchMode;
  limit?: number;
}

export interface SearchHit {
  conversationId: string;
  messageId: string;
  /** Plain text around the match (or the message's start for semantic hits); never markup. */
  snippet: string;
  /** Higher is better; comparable within one result list only. */
  score: number;
}
