// Markdown of the healed view: the active branch, tool calls, usage, and the status of answers
// that did not complete; model text cannot break out of a code fence.
import { describe, expect, it } from 'vitest';
import { createEvent } from '../../../shared/events';
import { markdownOf } from '../../../electron/core/exchange/markdownExport';
import { heal } from '../../../electron/core/heal/heal';

describe('markdownOf', () => {
  it('shows tool calls, usage and an interrupted answer', () => {
    const conversation = heal('c1', [
      createEvent('conversation.created', { title: 'Times', model: 'm' }, 1000),
      createEvent('message.user', { messageId: 'u1', text: 'What time?' }, 1001),
      createEvent('turn.started', { turnId: 't1', messageId: 'a1', parentId: 'u1', provider: 'p', model: 'm', params: {} }, 1002),
      createEvent('turn.tool_use', { turnId: 't1', toolCallId: 'tc1', name: 'current_time', input: { zone: '```' } }, 1003),
      createEvent('turn.tool_result', { turnId: 't1', toolCallId: 'tc1', output: 'noon', isError: false }, 1004),
      createEvent('turn.delta', { turnId: 't1', index: 0, text: 'It is noon', channel: 'text' }, 1005),
      createEvent('turn.usage', { turnId: 't1', inputTokens: 10, outputTokens: 3 }, 1006),
    ]);
    const md = markdownOf(conversation, new Date(5000));
    expect(md.startsWith('# Times\n')).toBe(true);
    expect(md).toContain('**Tool call** `current_time` (`tc1`)');
    expect(md).toContain('````json\n{\n  "zone": "```"\n}\n````');
    expect(md).toContain('**Tool result**\n\n```\nnoon\n```');
    expect(md).toContain('It is noon');
    expect(md).toContain('> **interrupted:');
    expect(md).toContain('_Usage: 10 input tokens, 3 output tokens_');
    expect(md).toContain('(plaintext, not encrypted)');
  });
});
