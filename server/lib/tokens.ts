/**
 * Signed tokens (HMAC-SHA256 with SECRET, base64url, compared in constant time). Used for sessions
 * now and for tracking, unsubscribe and preference links; they carry ids only, never personal data.
 */
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

export class Signer {
  private readonly key: KeyObject;

  constructor(secret: string) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  /** A short MAC over `purpose` and `payload` (purpose keeps a token of one kind from passing as another). */
  mac(purpose: string, payload: string, bytes = 16): string {
    return createHmac('sha256', this.key).update(purpose).update('\0').update(payload).digest().subarray(0, bytes).toString('base64url');
  }

  verify(purpose: string, payload: string, mac: string, bytes = 16): boolean {
    const expected = Buffer.from(this.mac(purpose, payload, bytes));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** `payload.mac` in one string. */
  sign(purpose: string, payload: string, bytes = 16): string {
    return `${payload}.${this.mac(purpose, payload, bytes)}`;
  }

  /** The payload of a `sign`ed token, or null when it was tampered with. */
  open(purpose: string, token: string, bytes = 16): string | null {
    const dot = token.lastIndexOf('.');
    if (dot <= 0) return null;
    const payload = token.slice(0, dot);
    return this.verify(purpose, payload, token.slice(dot + 1), bytes) ? payload : null;
  }
}
