// Asks for the passphrase: from INKWELL_PASSPHRASE, else on the terminal without echo, else as one
// line from piped stdin. The passphrase never appears on screen or in the process's arguments.
import { AppError } from '../../shared/ipc/result';

export interface PassphraseIo {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
}

export async function readPassphrase(io: PassphraseIo, prompt: string): Promise<string> {
  const fromEnv = io.env['INKWELL_PASSPHRASE'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (io.stdin.isTTY) return readHidden(io, prompt);
  const line = await readLine(io.stdin);
  if (line === null) throw new AppError('key_missing', 'No passphrase: set INKWELL_PASSPHRASE or run in a terminal to be asked for it.');
  return line;
}

function readHidden(io: PassphraseIo, prompt: string): Promise<string> {
  const { stdin, stderr } = io;
  stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (error?: Error): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new AppError('key_missing', 'Cancelled: no passphrase was given.'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

function readLine(stdin: NodeJS.ReadStream): Promise<string | null> {
  return new Promise((resolve) => {
    let buffered = '';
    const finish = (value: string | null): void => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.pause();
      resolve(value);
    };
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      const nl = buffered.indexOf('\n');
      if (nl !== -1) finish(buffered.slice(0, nl).replace(/\r$/, ''));
    };
    const onEnd = (): void => finish(buffered.length > 0 ? buffered.replace(/\r?\n$/, '') : null);
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.resume();
  });
}
