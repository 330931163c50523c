/**
 * Signed tokens (HMAC-SHA256 with SECRET, base64url, compared in constant time). Used for sessions
 * now and for tracking, unsubscribe and preference links; they carry ids only, never personal data.
 */
import { timingSafeEqual } from 'node:crypto';
import { HmacSha256 } from './hmac.js';

export class Signer {
  /** HMAC-SHA256 with the key's states precomputed (emails sign a dozen URLs each; see hmac.ts). */
  private readonly hmac: HmacSha256;

  constructor(secret: string) {
    this.hmac = new HmacSha256(secret);
  }

  /** A short MAC over `purpose` and `payload` (purpose keeps a token of one kind from passing as another). */
  mac(purpose: string, payload: string, bytes = 16): string {
    return this.hmac.mac(purpose, payload, bytes);
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
