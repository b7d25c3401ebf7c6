// Small hashing helpers, so callers need not reach for node:crypto themselves.
import { createHash, randomBytes } from 'node:crypto';

export function sha256(data: Uint8Array | string): Buffer {
  return createHash('sha256').update(data).digest();
}

export function randomKey(bytes = 32): Buffer {
  return randomBytes(bytes);
}
