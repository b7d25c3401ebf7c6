// AES-256-GCM with associated data. Chosen because Electron's BoringSSL has no ChaCha20-Poly1305
// in createCipheriv (docs/design.md §4). Nonces are random: callers keep far below 2^32 seals per key.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;

export interface Sealed {
  nonce: Buffer;
  /** Ciphertext followed by the 16-byte tag. */
  sealed: Buffer;
}

function checkKey(key: Uint8Array): void {
  if (key.length !== KEY_BYTES) throw new Error(`AES-256-GCM needs a ${KEY_BYTES}-byte key, got ${key.length}`);
}

/** A seal whose key, nonce and AAD are set up already: only the plaintext is missing. Use once. */
export interface PreparedSeal {
  nonce: Buffer;
  /** Ciphertext followed by the 16-byte tag. */
  seal(plaintext: Uint8Array | string): Buffer;
}

/**
 * Sets up a seal ahead of its plaintext: creating the cipher and feeding it the AAD is most of the
 * cost of sealing a small record, and a caller that knows the next AAD early can pay it while it
 * would otherwise wait (the journal writer does, during an fdatasync).
 */
export function prepareAesGcmSeal(key: Uint8Array, aad: Uint8Array, nonce: Buffer = randomBytes(NONCE_BYTES)): PreparedSeal {
  checkKey(key);
  if (nonce.length !== NONCE_BYTES) throw new Error(`AES-GCM nonces here are ${NONCE_BYTES} bytes`);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  let used = false;
  return {
    nonce,
    seal(plaintext) {
      if (used) throw new Error('a prepared AES-GCM seal is used once: its nonce must not seal twice');
      used = true;
      const body = typeof plaintext === 'string' ? cipher.update(plaintext, 'utf8') : cipher.update(plaintext);
      cipher.final(); // GCM emits nothing here: update() gave all the ciphertext
      return Buffer.concat([body, cipher.getAuthTag()], body.length + TAG_BYTES);
    },
  };
}

/** Seals with a fresh random nonce (or one from a NoncePool: random, never reused). */
export function sealAesGcm(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array, nonce: Buffer = randomBytes(NONCE_BYTES)): Sealed {
  const prepared = prepareAesGcmSeal(key, aad, nonce);
  return { nonce, sealed: prepared.seal(plaintext) };
}

/**
 * Seals data given in pieces: yields the ciphertext of each piece, then the tag, so a caller can
 * write a big file as it is produced without holding it whole. The output concatenated is exactly
 * what sealAesGcm returns as `sealed` for the same nonce. A piece may be reused by its producer
 * once the next is asked for: its ciphertext is a new buffer.
 */
export function* sealAesGcmChunks(key: Uint8Array, pieces: Iterable<Uint8Array>, aad: Uint8Array, nonce: Buffer): Generator<Buffer> {
  checkKey(key);
  if (nonce.length !== NONCE_BYTES) throw new Error(`AES-GCM nonces here are ${NONCE_BYTES} bytes`);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  for (const piece of pieces) if (piece.length > 0) yield cipher.update(piece);
  const last = cipher.final();
  if (last.length > 0) yield last;
  yield cipher.getAuthTag();
}

/** Returns the plaintext, or null when the data, nonce, key or AAD fail authentication. */
export function openAesGcm(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Buffer | null {
  checkKey(key);
  if (nonce.length !== NONCE_BYTES || sealed.length < TAG_BYTES) return null;
  const body = sealed.subarray(0, sealed.length - TAG_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    return null;
  }
}
