import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { EncryptedFileStorage } from '../../../electron/core/vectors/encryptedFileStorage';

it('seals files at rest, writes them atomically with mode 0600, and refuses swapped or damaged files', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-vec-'));
  const storage = new EncryptedFileStorage(randomBytes(32));
  const a = path.join(dir, 'a.pb');
  const b = path.join(dir, 'b.pb');
  await storage.upsertFile(a, 'plaintext-marker');
  await storage.upsertFile(b, 'other');
  expect(fs.readFileSync(a).includes(Buffer.from('plaintext-marker'))).toBe(false);
  expect(fs.statSync(a).mode & 0o777).toBe(0o600);
  expect((await storage.readFile(a)).toString()).toBe('plaintext-marker');
  expect(fs.readdirSync(dir).sort()).toEqual(['a.pb', 'b.pb']); // no temp files left
  fs.copyFileSync(b, a);
  await expect(storage.readFile(a)).rejects.toMatchObject({ code: 'corrupt' });
  await expect(new EncryptedFileStorage(randomBytes(32)).readFile(b)).rejects.toMatchObject({ code: 'corrupt' });
  fs.rmSync(dir, { recursive: true });
});
