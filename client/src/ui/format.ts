/** Formatting for people: dates in the browser's locale and timezone, money, relative times. */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const number = new Intl.NumberFormat(undefined);

/** Stats fields are typed `number | string | null` (counts and ISO dates side by side). */
type StatValue = number | string | null | undefined;

export function formatDateTime(iso: StatValue): string {
  return typeof iso === 'string' ? dateTime.format(new Date(iso)) : '—';
}

export function formatDate(iso: StatValue): string {
  return typeof iso === 'string' ? dateOnly.format(new Date(iso)) : '—';
}

// No weeks: "10 days ago" says more than "last week".
const steps: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "3 days ago", measured from `now` (the server's clock, which may be simulated). */
export function formatRelative(iso: StatValue, now: Date): string {
  if (typeof iso !== 'string') return '—';
  const diff = new Date(iso).getTime() - now.getTime();
  for (const [unit, ms] of steps) {
    if (Math.abs(diff) >= ms) return relative.format(Math.trunc(diff / ms), unit);
  }
  return 'just now';
}

export function formatNumber(n: StatValue): string {
  return typeof n === 'number' ? number.format(n) : '—';
}

/** An amount with its currency when known; totals across orders have none. */
export function formatMoney(amount: StatValue, currency?: string | null): string {
  if (typeof amount !== 'number') return '—';
  if (currency && /^[A-Z]{3}$/.test(currency)) {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
  }
  return new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
}

export function formatPercent(ratio: number): string {
  return new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
}

/** `order_placed` -> "Order placed". */
export function humanize(snake: string): string {
  const words = snake.replace(/[._]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function fullName(c: { firstName: string | null; lastName: string | null }): string {
  return [c.firstName, c.lastName].filter(Boolean).join(' ');
}

export function initials(text: string): string {
  const parts = text
    .replace(/@.*/, '')
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts[1]?.[0] ?? '')).toUpperCase();
}
