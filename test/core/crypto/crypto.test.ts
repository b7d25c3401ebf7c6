import { describe, expect, it } from 'vitest';
import { hkdfSha256 } from '../../../electron/core/crypto/hkdf';
import { openAesGcm, sealAesGcm, sealAesGcmChunks } from '../../../electron/core/crypto/aesGcm';
import { randomKey } from '../../../electron/core/crypto/digest';

describe('hkdfSha256', () => {
  it('matches RFC 5869 test case 1', () => {
    const okm = hkdfSha256(Buffer.alloc(22, 0x0b), Buffer.from('000102030405060708090a0b0c', 'hex'), Buffer.from('f0f1f2f3f4f5f6f7f8f9', 'hex'), 42);
    expect(okm.toString('hex')).toBe('3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865');
  });
});

describe('AES-256-GCM', () => {
  const key = randomKey();
  const aad = Buffer.from('inkwell/test');

  it('opens what it sealed, with a fresh nonce each time', () => {
    const a = sealAesGcm(key, Buffer.from('hello'), aad);
    const b = sealAesGcm(key, Buffer.from('hello'), aad);
    expect(a.nonce.equals(b.nonce)).toBe(false);
    expect(openAesGcm(key, a.nonce, a.sealed, aad)?.toString()).toBe('hello');
  });

  it('rejects a flipped bit, other AAD, or another key', () => {
    const { nonce, sealed } = sealAesGcm(key, Buffer.from('hello'), aad);
    const flipped = Buffer.from(sealed);
    flipped[0]! ^= 1;
    expect(openAesGcm(key, nonce, flipped, aad)).toBeNull();
    expect(openAesGcm(key, nonce, sealed, Buffer.from('other'))).toBeNull();
    expect(openAesGcm(randomKey(), nonce, sealed, aad)).toBeNull();
  });

  it('sealing in chunks gives the same bytes as sealing at once, for sizes around the chunk size', () => {
    for (const size of [0, 1, 4095, 4096, 4097, 3 * 4096]) {
      const plain = Buffer.alloc(size, 0x5a);
      const whole = sealAesGcm(key, plain, aad);
      const chunks = Array.from({ length: Math.ceil(size / 4096) }, (_, i) => plain.subarray(i * 4096, (i + 1) * 4096));
      const pieces = [...sealAesGcmChunks(key, chunks, aad, whole.nonce)];
      expect(pieces.every((p) => p.length <= 4096)).toBe(true);
      expect(Buffer.concat(pieces).equals(whole.sealed), `${size} bytes`).toBe(true);
    }
  });
});
