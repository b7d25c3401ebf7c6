// What the core reports in the background reaches a terminal as one line in words, with the
// error's message and never its stack (the app's main.log keeps stacks; the CLI keeps no log).
import { describe, expect, it, vi } from 'vitest';
import { describeError, terminalLog } from '../../../electron/core/logging/log';

describe('terminalLog', () => {
  it('writes one line: what happened and the message, no stack frames', () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const error = new Error('SQLITE_FULL: database or disk is full');
      terminalLog.write('error', 'mirror.projection_failed', { text: 'the search mirror could not take a batch', error: describeError(error) });
    } finally {
      spy.mockRestore();
    }
    expect(written).toEqual(['inkwell: the search mirror could not take a batch: SQLITE_FULL: database or disk is full\n']);
  });
});
