// Drains a provider stream the way the engine will: keep every item, and the error if any.
import { ProviderError, type StreamItem, type ToolUseItem, type UsageItem } from '../../../electron/core/providers';

export interface Collected {
  items: StreamItem[];
  text: string;
  reasoning: string;
  tools: ToolUseItem[];
  usage?: UsageItem;
  stopReason?: string;
  error?: ProviderError;
}

export async function collectStream(stream: AsyncIterable<StreamItem>): Promise<Collected> {
  const items: StreamItem[] = [];
  let error: ProviderError | undefined;
  try {
    for await (const item of stream) items.push(item);
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    error = err;
  }
  return summarise(items, error);
}

export function summarise(items: StreamItem[], error?: ProviderError): Collected {
  const out: Collected = { items, text: '', reasoning: '', tools: [], error };
  for (const item of items) {
    if (item.kind === 'delta') {
      if (item.channel === 'text') out.text += item.text;
      else out.reasoning += item.text;
    } else if (item.kind === 'tool_use') out.tools.push(item);
    else if (item.kind === 'usage') out.usage = item;
    else out.stopReason = item.stopReason;
  }
  return out;
}
