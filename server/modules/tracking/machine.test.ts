import { describe, expect, it } from 'vitest';
import { burstClicks, classifyClick, classifyOpen, type Hit } from './machine.js';

const sentAt = new Date('2026-03-01T10:00:00Z');
const chrome = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';
const hit = (over: Partial<Hit>): Hit => ({ kind: 'open', messageId: 'm1', at: new Date(sentAt.getTime() + 3_600_000), userAgent: chrome, ip: '203.0.113.9', method: 'GET', ...over });

describe('machine opens', () => {
  it('counts a person opening in a mail client an hour after delivery as human', () => {
    expect(classifyOpen(hit({}), sentAt)).toBeNull();
  });
  it('flags Apple Mail Privacy Protection by its bare user agent or its network', () => {
    expect(classifyOpen(hit({ userAgent: 'Mozilla/5.0' }), sentAt)).toBe('apple_mpp');
    expect(classifyOpen(hit({ ip: '17.58.101.2' }), sentAt)).toBe('apple_mpp');
    expect(classifyOpen(hit({ ip: '::ffff:17.58.101.2' }), sentAt)).toBe('apple_mpp');
  });
  it('flags an image proxy fetching on delivery, but not a proxy fetch when the person opens later', () => {
    const gmail = 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)';
    expect(classifyOpen(hit({ userAgent: gmail, at: new Date(sentAt.getTime() + 2_000) }), sentAt)).toBe('image_proxy_prefetch');
    expect(classifyOpen(hit({ userAgent: gmail }), sentAt)).toBeNull();
  });
  it('flags any open within seconds of delivery, crawlers, and a missing user agent', () => {
    expect(classifyOpen(hit({ at: new Date(sentAt.getTime() + 4_000) }), sentAt)).toBe('prefetch');
    expect(classifyOpen(hit({ userAgent: 'python-requests/2.31' }), sentAt)).toBe('bot_user_agent');
    expect(classifyOpen(hit({ userAgent: '' }), sentAt)).toBe('no_user_agent');
  });
});

describe('machine clicks', () => {
  const click = (over: Partial<Hit>): Hit => hit({ kind: 'click', linkIndex: 0, ...over });
  it('counts a person clicking later as human', () => {
    expect(classifyClick(click({}), sentAt, false)).toBeNull();
  });
  it('flags HEAD requests, scanner user agents, clicks on delivery and bursts', () => {
    expect(classifyClick(click({ method: 'HEAD' }), sentAt, false)).toBe('head_request');
    expect(classifyClick(click({ userAgent: 'Barracuda Sentinel (EE)' }), sentAt, false)).toBe('scanner_user_agent');
    expect(classifyClick(click({ userAgent: 'curl/8.5.0' }), sentAt, false)).toBe('scanner_user_agent');
    expect(classifyClick(click({ at: new Date(sentAt.getTime() + 1_500) }), sentAt, false)).toBe('click_on_delivery');
    expect(classifyClick(click({}), sentAt, true)).toBe('link_burst');
  });
  it('finds bursts of three distinct links within one second, and not a person clicking one link twice', () => {
    const t = sentAt.getTime() + 3_600_000;
    const scan = [0, 1, 2].map((i) => click({ linkIndex: i, at: new Date(t + i * 200) }));
    const person = [click({ messageId: 'm2', linkIndex: 0, at: new Date(t) }), click({ messageId: 'm2', linkIndex: 0, at: new Date(t + 300) }), click({ messageId: 'm2', linkIndex: 1, at: new Date(t + 5_000) })];
    const burst = burstClicks([...scan, ...person]);
    expect(scan.every((c) => burst.has(c))).toBe(true);
    expect(person.some((c) => burst.has(c))).toBe(false);
  });
});
