import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HmacSha256 } from './hmac.js';
import { Signer } from './tokens.js';

const reference = (key: string, purpose: string, payload: string, bytes: number): string =>
  createHmac('sha256', key).update(purpose).update('\0').update(payload).digest().subarray(0, bytes).toString('base64url');

describe('HMAC-SHA256 with precomputed key states', () => {
  it('equals node:crypto for any key, purpose, payload (ASCII and not, one block and many) and length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 150 }), fc.string({ maxLength: 20 }), fc.string({ maxLength: 300 }), fc.integer({ min: 1, max: 32 }), (key, purpose, payload, bytes) => {
        expect(new HmacSha256(key).mac(purpose, payload, bytes)).toBe(reference(key, purpose, payload, bytes));
      }),
      { numRuns: 2_000 },
    );
  });

  it('equals node:crypto on the lengths around the block boundaries, reusing one instance', () => {
    const h = new HmacSha256('s'.repeat(64));
    for (let n = 0; n < 200; n++) {
      const payload = 'x'.repeat(n);
      expect(h.mac('click', payload, 12)).toBe(reference('s'.repeat(64), 'click', payload, 12));
      expect(h.mac('é', `${payload}€`, 16)).toBe(reference('s'.repeat(64), 'é', `${payload}€`, 16));
    }
  });

  it('keeps the Signer output (tokens issued before still verify)', () => {
    const secret = 'a-secret-of-at-least-32-characters-long';
    const signer = new Signer(secret);
    expect(signer.mac('open', '0123456789abcdef01234567', 12)).toBe(reference(secret, 'open', '0123456789abcdef01234567', 12));
    expect(signer.verify('session', 'u1', reference(secret, 'session', 'u1', 16))).toBe(true);
  });
});
