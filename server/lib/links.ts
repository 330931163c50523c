/**
 * The public URLs put into emails, and their verification: the open pixel, click redirects,
 * unsubscribe and preference links. Templates produce them (per recipient, positional fill);
 * the tracking endpoints verify them. They carry ids and an HMAC only, never personal data.
 *
 *   open          {base}/t/o/{messageId}.{mac}.gif
 *   click         {base}/t/c/{messageId}/{linkIndex}/{mac}
 *                 The target is looked up from the message's template version (its link table) or,
 *                 for a link whose href is per recipient, from the message's own `links`; it is never
 *                 in the URL, so a swapped target cannot exist.
 *   unsubscribe   {base}/u/{subject}.{mac}
 *   preferences   {base}/p/{subject}.{mac}
 *                 subject: "m" + messageId (from an email: the unsubscribe is attributed to it), or
 *                 "c" + customerId (no message, e.g. a test send or a link from the shop).
 *
 * Each kind has its own HMAC purpose, so a token of one kind never passes as another, and each
 * MAC covers the whole payload, so a token replayed on another message or link fails.
 */
import type { Signer } from './tokens.js';

const MAC_BYTES = 12; // 96 bits: 16 base64url characters
const HEX24 = /^[0-9a-f]{24}$/;
const MAC = /^[A-Za-z0-9_-]{16}$/;

export type LinkSubject = { kind: 'message'; id: string } | { kind: 'customer'; id: string };

export class Links {
  readonly base: string;

  constructor(
    private readonly signer: Signer,
    publicUrl: string,
  ) {
    this.base = publicUrl.replace(/\/+$/, '');
  }

  openUrl(messageId: string): string {
    return `${this.base}/t/o/${messageId}.${this.signer.mac('open', messageId, MAC_BYTES)}.gif`;
  }

  clickUrl(messageId: string, linkIndex: number): string {
    return `${this.base}/t/c/${messageId}/${linkIndex}/${this.signer.mac('click', `${messageId}/${linkIndex}`, MAC_BYTES)}`;
  }

  unsubscribeUrl(subject: LinkSubject): string {
    return `${this.base}/u/${this.subjectToken('unsubscribe', subject)}`;
  }

  preferencesUrl(subject: LinkSubject): string {
    return `${this.base}/p/${this.subjectToken('preferences', subject)}`;
  }

  /** The message id of an open-pixel path segment (`{id}.{mac}.gif`), or null when forged. */
  verifyOpen(segment: string): string | null {
    const m = /^([0-9a-f]{24})\.([A-Za-z0-9_-]{16})\.gif$/.exec(segment);
    if (!m) return null;
    return this.signer.verify('open', m[1]!, m[2]!, MAC_BYTES) ? m[1]! : null;
  }

  /** Whether a click URL's parts are genuine (checked before anything is looked up). */
  verifyClick(messageId: string, linkIndex: string, mac: string): boolean {
    if (!HEX24.test(messageId) || !/^(0|[1-9]\d{0,3})$/.test(linkIndex) || !MAC.test(mac)) return false;
    return this.signer.verify('click', `${messageId}/${linkIndex}`, mac, MAC_BYTES);
  }

  verifyUnsubscribe(token: string): LinkSubject | null {
    return this.openSubject('unsubscribe', token);
  }

  verifyPreferences(token: string): LinkSubject | null {
    return this.openSubject('preferences', token);
  }

  private subjectToken(purpose: string, s: LinkSubject): string {
    const payload = `${s.kind === 'message' ? 'm' : 'c'}${s.id}`;
    return `${payload}.${this.signer.mac(purpose, payload, MAC_BYTES)}`;
  }

  private openSubject(purpose: string, token: string): LinkSubject | null {
    const m = /^([mc])([0-9a-f]{24})\.([A-Za-z0-9_-]{16})$/.exec(token);
    if (!m) return null;
    if (!this.signer.verify(purpose, `${m[1]}${m[2]}`, m[3]!, MAC_BYTES)) return null;
    return { kind: m[1] === 'm' ? 'message' : 'customer', id: m[2]! };
  }
}
