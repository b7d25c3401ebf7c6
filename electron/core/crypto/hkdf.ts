// HKDF-SHA256 (RFC 5869): turns the master key into independent keys, one per purpose and file.
import { hkdfSync } from 'node:crypto';

export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array | string, length = 32): Buffer {
  const infoBytes = typeof info === 'string' ? Buffer.from(info, 'utf8') : info;
  return Buffer.from(hkdfSync('sha256', ikm, salt, infoBytes, length));
}
