import { describe, expect, it } from 'vitest';
import { afterQuietHours, nextFreeSlot } from './schedule.js';

const quiet = { start: '21:00', end: '08:00' };
const HOUR = 3_600_000;

describe('quiet hours', () => {
  it('leaves a send outside the window alone', () => {
    const at = new Date('2026-03-10T12:00:00Z');
    expect(afterQuietHours(at, 'Europe/Paris', quiet)).toEqual(at);
  });
  it('moves a late-evening send to 08:00 the next local morning', () => {
    // 22:30 in Paris (UTC+1 in March before DST) -> 08:00 Paris next day = 07:00Z
    expect(afterQuietHours(new Date('2026-03-10T21:30:00Z'), 'Europe/Paris', quiet)).toEqual(new Date('2026-03-11T07:00:00Z'));
  });
  it('moves an early-morning send to 08:00 the same local day', () => {
    // 03:00 in Tokyo (UTC+9) on the 11th = 18:00Z on the 10th -> 08:00 Tokyo = 23:00Z on the 10th
    expect(afterQuietHours(new Date('2026-03-10T18:00:00Z'), 'Asia/Tokyo', quiet)).toEqual(new Date('2026-03-10T23:00:00Z'));
  });
  it('uses the offset of the morning it lands on across a DST change', () => {
    // New York springs forward on 2026-03-08. 23:00 EST on the 7th (04:00Z on the 8th) -> 08:00 EDT = 12:00Z
    expect(afterQuietHours(new Date('2026-03-08T04:00:00Z'), 'America/New_York', quiet)).toEqual(new Date('2026-03-08T12:00:00Z'));
    // Europe falls back on 2026-10-25. 22:00 CEST on the 24th (20:00Z) -> 08:00 CET on the 25th = 07:00Z
    expect(afterQuietHours(new Date('2026-10-24T20:00:00Z'), 'Europe/Berlin', quiet)).toEqual(new Date('2026-10-25T07:00:00Z'));
  });
  it('handles a window that does not cross midnight', () => {
    const lunch = { start: '12:00', end: '14:00' };
    expect(afterQuietHours(new Date('2026-03-10T12:30:00Z'), 'UTC', lunch)).toEqual(new Date('2026-03-10T14:00:00Z'));
    expect(afterQuietHours(new Date('2026-03-10T14:00:00Z'), 'UTC', lunch)).toEqual(new Date('2026-03-10T14:00:00Z'));
  });
});

describe('frequency cap', () => {
  const at = new Date('2026-03-10T12:00:00Z');
  it('lets a send through under the cap', () => {
    expect(nextFreeSlot(at, [new Date(at.getTime() - HOUR)], { max: 2, perMs: 24 * HOUR })).toEqual(at);
  });
  it('waits until the oldest send in the window leaves it', () => {
    const sends = [new Date(at.getTime() - 20 * HOUR), new Date(at.getTime() - 2 * HOUR)];
    expect(nextFreeSlot(at, sends, { max: 2, perMs: 24 * HOUR })).toEqual(new Date(at.getTime() + 4 * HOUR + 1));
  });
  it('ignores sends outside the window', () => {
    expect(nextFreeSlot(at, [new Date(at.getTime() - 30 * HOUR)], { max: 1, perMs: 24 * HOUR })).toEqual(at);
  });
});
