import { describe, expect, it } from 'vitest';
import { Links } from './links.js';
import { Signer } from './tokens.js';

const links = new Links(new Signer('s'.repeat(40)), 'https://shop.example/');
const other = new Links(new Signer('o'.repeat(40)), 'https://shop.example');
const msg = '0123456789abcdef01234567';
const msg2 = '0123456789abcdef01234568';

describe('email links', () => {
  it('signs an open pixel that verifies to its message, and refuses forged or swapped ones', () => {
    const url = links.openUrl(msg);
    expect(url).toMatch(/^https:\/\/shop\.example\/t\/o\/[0-9a-f]{24}\.[A-Za-z0-9_-]{16}\.gif$/);
    const seg = url.split('/').pop()!;
    expect(links.verifyOpen(seg)).toBe(msg);
    expect(other.verifyOpen(seg)).toBeNull();
    expect(links.verifyOpen(seg.replace(msg, msg2))).toBeNull();
    expect(links.verifyOpen(seg.slice(0, -5) + '.gif')).toBeNull();
    expect(links.verifyOpen('garbage')).toBeNull();
  });

  it('signs click links per message and link index', () => {
    const [, , , , , id, index, mac] = links.clickUrl(msg, 3).split('/');
    expect([id, index]).toEqual([msg, '3']);
    expect(links.verifyClick(id!, index!, mac!)).toBe(true);
    expect(links.verifyClick(msg2, index!, mac!)).toBe(false);
    expect(links.verifyClick(id!, '4', mac!)).toBe(false);
    expect(links.verifyClick(id!, '03', mac!)).toBe(false);
    expect(links.verifyClick(id!, index!, mac!.slice(1))).toBe(false);
  });

  it('keeps unsubscribe and preference tokens apart and free of personal data', () => {
    const u = links.unsubscribeUrl({ kind: 'message', id: msg }).split('/u/')[1]!;
    const p = links.preferencesUrl({ kind: 'customer', id: msg2 }).split('/p/')[1]!;
    expect(links.verifyUnsubscribe(u)).toEqual({ kind: 'message', id: msg });
    expect(links.verifyPreferences(p)).toEqual({ kind: 'customer', id: msg2 });
    expect(links.verifyPreferences(u)).toBeNull();
    expect(links.verifyUnsubscribe(p)).toBeNull();
    expect(links.verifyUnsubscribe(u.replace(/^m/, 'c'))).toBeNull();
  });
});
