/**
 * Durations as the API writes them ("90m", "3d", an integer and a unit) and as people read them
 * ("1 d 1 h"): parsing, summing the step delays, and the short form used on the timeline.
 */

export type DurationUnit = 's' | 'm' | 'h' | 'd' | 'w';

const MS: Record<DurationUnit, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
const PATTERN = /^(\d{1,9})([smhdw])$/;

export interface ParsedDuration {
  amount: number;
  unit: DurationUnit;
}

export function parseDuration(s: string): ParsedDuration | null {
  const m = PATTERN.exec(s.trim());
  return m ? { amount: Number(m[1]), unit: m[2] as DurationUnit } : null;
}

export function durationMs(s: string): number | null {
  const d = parseDuration(s);
  return d ? d.amount * MS[d.unit] : null;
}

const longNames: Record<DurationUnit, [string, string]> = { s: ['second', 'seconds'], m: ['minute', 'minutes'], h: ['hour', 'hours'], d: ['day', 'days'], w: ['week', 'weeks'] };

/** "3d" -> "3 days"; anything unparsable as given. */
export function durationWords(s: string): string {
  const d = parseDuration(s);
  if (!d) return s;
  return `${d.amount} ${longNames[d.unit][d.amount === 1 ? 0 : 1]}`;
}

/** A span in milliseconds, short: "1 d 1 h", "2 w 3 d", "45 min", "0 min". Seconds only when there are no larger parts. */
export function formatSpan(ms: number): string {
  if (ms <= 0) return '0 min';
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, label] of [
    ['w', 'w'],
    ['d', 'd'],
    ['h', 'h'],
    ['m', 'min'],
  ] as const) {
    const n = Math.floor(rest / MS[unit]);
    if (n > 0) parts.push(`${n} ${label}`);
    rest -= n * MS[unit];
  }
  if (!parts.length) return `${Math.round(rest / 1000)} s`;
  return parts.join(' ');
}

/** When each step is due at the earliest, from entry: the running sum of the delays (null once a delay is invalid). */
export function cumulativeDelays(delays: string[]): (number | null)[] {
  let total: number | null = 0;
  return delays.map((d) => {
    const ms = durationMs(d);
    total = total === null || ms === null ? null : total + ms;
    return total;
  });
}
