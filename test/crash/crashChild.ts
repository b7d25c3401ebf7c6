// Child of the crash test: opens a conversation's journal (cutting any torn tail), then appends
// events until it is SIGKILLed, printing each event's seq and id only after its append resolved.
// Several appends are kept in flight at once, so group commit is at work when the kill lands.
// stdout is a pipe, and pipe writes are synchronous on Linux: a printed ack is a resolved append.
import { createEvent, newId, type InkwellEvent } from '../../shared/events';
import { JournalWriter } from '../../electron/core/journal/journalWriter';
import { payloadOf } from './crashPayload';

async function main(): Promise<void> {
  const env = (name: string): string => {
    const v = process.env[name];
    if (v === undefined) throw new Error(`${name} is not set`);
    return v;
  };
  const writer = await JournalWriter.open({
    dir: env('CRASH_JOURNAL_DIR'),
    conversationId: env('CRASH_CONVERSATION'),
    keys: [{ kid: env('CRASH_KID'), key: Buffer.from(env('CRASH_KEY'), 'base64') }],
  });
  const print = (o: object): void => void process.stdout.write(JSON.stringify(o) + '\n');
  print({ ready: true, lastSeq: writer.lastSeq, torn: writer.tornTail });

  const turnId = newId();
  const userId = newId();
  let index = 0;
  const nextBatch = (): InkwellEvent[] => {
    if (index === 0) {
      index++;
      return [
        createEvent('message.user', { messageId: userId, text: 'hello' }),
        createEvent('turn.started', { turnId, messageId: newId(), parentId: userId, provider: 'fake', model: 'm', params: {} }),
      ];
    }
    const n = 1 + Math.floor(Math.random() * 6);
    return Array.from({ length: n }, () => {
      const e = createEvent('turn.delta', { turnId, index: index++, text: '', channel: 'text' });
      e.text = payloadOf(e.id);
      return e;
    });
  };
  const stream = async (): Promise<void> => {
    for (;;) {
      const events = nextBatch();
      const r = await writer.append(events);
      events.forEach((e, i) => print({ seq: r.firstSeq + i, id: e.id }));
    }
  };
  const inFlight = 1 + Math.floor(Math.random() * 4);
  await Promise.all(Array.from({ length: inFlight }, stream));
}

main().catch((err) => {
  process.stderr.write(`crash child failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
