// One unsent draft per conversation (and one for the new chat), kept across reloads. sessionStorage,
// not localStorage: it lives as long as the window and is never written to disk as plaintext, and a
// draft is the user's words (docs/ui.md). Not in the journal either: nothing was said yet.
const PREFIX = 'inkwell.draft.';

/** The key for a conversation's draft; null is the new chat not yet written. */
export const draftKey = (conversationId: string | null) => `${PREFIX}${conversationId ?? 'new'}`;

export function readDraft(key: string): string {
  try {
    return sessionStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

/** Keeps the draft; one too large for the storage quota (a huge paste) stays in memory only. */
export function writeDraft(key: string, text: string): void {
  try {
    if (text === '') sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, text);
  } catch {
    // Over the quota: the box still holds it; only a reload would lose it.
  }
}
