// A short title for a conversation after its first turn: asked of the same model (a few words,
// bounded in time), or, when there is no model to ask or it fails, the first words of the prompt.
import type { Provider } from '../providers';

const MAX_TITLE = 60;

export function titleFromText(text: string): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').slice(0, 8).join(' ');
  return words.length > MAX_TITLE ? `${words.slice(0, MAX_TITLE - 1).trimEnd()}…` : words;
}

export async function proposeTitle(firstPrompt: string, model: { provider: Provider; model: string } | null, timeoutMs = 15_000): Promise<string> {
  if (model) {
    try {
      const signal = AbortSignal.timeout(timeoutMs);
      let text = '';
      const request = {
        model: model.model,
        system: 'You name conversations. Answer with a title of at most six words, no quotes, no punctuation at the end.',
        messages: [{ role: 'user' as const, text: `Title for a conversation that starts with:\n\n${firstPrompt.slice(0, 2000)}` }],
        params: { maxTokens: 24, temperature: 0.2 },
      };
      for await (const item of model.provider.stream(request, signal)) {
        if (item.kind === 'delta' && item.channel === 'text') text += item.text;
      }
      const cleaned = titleFromText(text.replace(/^["'«“]+|["'»”.]+$/g, ''));
      if (cleaned !== '') return cleaned;
    } catch {
      // The title is a nicety: fall through to the prompt's first words.
    }
  }
  return titleFromText(firstPrompt);
}
