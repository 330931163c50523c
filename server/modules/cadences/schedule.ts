/**
 * When a step may go out: quiet hours in the recipient's timezone (DST-correct through luxon) and
 * the per-customer frequency cap across all cadences. Pure functions of times and settings.
 */
import { DateTime } from 'luxon';

export interface QuietHours {
  start: string; // "21:00"
  end: string; // "08:00"
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

/**
 * The moment a send due at `at` may go out: `at` itself outside quiet hours, else the end of the
 * quiet window in `timezone` (the next local `end` time; a wall time skipped by DST moves forward).
 */
export function afterQuietHours(at: Date, timezone: string, quiet: QuietHours | undefined | null): Date {
  if (!quiet) return at;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return at;
  const local = DateTime.fromJSDate(at, { zone: timezone });
  const m = local.hour * 60 + local.minute;
  const wraps = start > end; // e.g. 21:00 -> 08:00 spans midnight
  const inside = wraps ? m >= start || m < end : m >= start && m < end;
  if (!inside) return at;
  const day = wraps && m >= start ? local.plus({ days: 1 }) : local;
  const endAt = day.set({ hour: Math.floor(end / 60), minute: end % 60, second: 0, millisecond: 0 });
  return endAt.toJSDate();
}

/**
 * With `sentAt` the customer's sends (any cadence), the earliest moment at or after `at` when one
 * more send keeps at most `max` within any `perMs` window.
 */
export function nextFreeSlot(at: Date, sentAt: Date[], cap: { max: number; perMs: number } | undefined | null): Date {
  if (!cap) return at;
  const t = at.getTime();
  const recent = sentAt
    .map((d) => d.getTime())
    .filter((s) => s > t - cap.perMs && s <= t)
    .sort((a, b) => a - b);
  if (recent.length < cap.max) return at;
  // The window holds `max` or more: wait until enough of the oldest ones have left it.
  return new Date(recent[recent.length - cap.max]! + cap.perMs + 1);
}

export const validTimeOfDay = /^([01]\d|2[0-3]):[0-5]\d$/;
