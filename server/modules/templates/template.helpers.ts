/**
 * The Handlebars helpers a template may use. Pure functions of their arguments and of the
 * recipient's locale and timezone (read from the render's `@locale` / `@timezone` data): none
 * reads files, the environment, the clock or another recipient's data, and none throws — a
 * missing or odd value renders empty (or as the fallback), never an error at send time.
 *
 * Intl formatters are costly to build (tens of microseconds), so they are cached per locale and
 * currency / timezone: per recipient a helper only formats.
 */
import type { HelperDelegate, HelperOptions } from 'handlebars';
import { DateTime } from 'luxon';

interface RenderData {
  locale?: string;
  timezone?: string;
  currency?: string;
}

const dataOf = (options: unknown): RenderData => ((options as HelperOptions | undefined)?.data ?? {}) as RenderData;

/** The last argument of a helper is Handlebars' options object; this drops it. */
function args(all: unknown[]): unknown[] {
  return all.slice(0, -1);
}

/** Positional parameter `i` of a helper call (the options object, last, excluded). */
const at = (all: unknown[], i: number): unknown => (i < all.length - 1 ? all[i] : undefined);

function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function toDate(v: unknown): Date | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (typeof v === 'string' || typeof v === 'number') {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

const str = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');

const CACHE_LIMIT = 5_000;
function cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let v = cache.get(key);
  if (v === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    v = make();
    cache.set(key, v);
  }
  return v;
}

const numberFormats = new Map<string, Intl.NumberFormat | null>();
const zones = new Map<string, string>();
const locales = new Map<string, string>();

function safeLocale(locale: string | undefined): string {
  if (!locale) return 'en';
  return cached(locales, locale, () => {
    try {
      return Intl.getCanonicalLocales(locale)[0] ?? 'en';
    } catch {
      return 'en';
    }
  });
}

function safeZone(tz: string | undefined): string {
  if (!tz) return 'UTC';
  return cached(zones, tz, () => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return tz;
    } catch {
      return 'UTC';
    }
  });
}

interface MoneyFormat {
  format(n: number): string;
}

/**
 * Money formatters by the recipient's locale (as given) and currency code (as given): the checks and
 * the Intl formatter are made once per pair; formatted amounts are kept, since a catalogue repeats
 * its prices across recipients and formatting one costs ~1 µs.
 */
const moneyFormats = new Map<string, Map<string, MoneyFormat>>();

function moneyFormat(locale: string | undefined, currency: string): MoneyFormat {
  const key = locale ?? '';
  let byCurrency = moneyFormats.get(key);
  if (!byCurrency) {
    if (moneyFormats.size >= CACHE_LIMIT) moneyFormats.clear();
    byCurrency = new Map();
    moneyFormats.set(key, byCurrency);
  }
  let f = byCurrency.get(currency);
  if (!f) {
    if (byCurrency.size >= 200) byCurrency.clear();
    f = makeMoneyFormat(safeLocale(locale), /^[A-Za-z]{3}$/.test(currency) ? currency.toUpperCase() : null);
    byCurrency.set(currency, f);
  }
  return f;
}

function makeMoneyFormat(loc: string, code: string | null): MoneyFormat {
  let intl: Intl.NumberFormat | null = null;
  try {
    if (code) intl = new Intl.NumberFormat(loc, { style: 'currency', currency: code });
  } catch {
    intl = null;
  }
  const values = new Map<number, string>();
  return {
    format(n: number): string {
      let s = values.get(n);
      if (s === undefined) {
        if (values.size >= CACHE_LIMIT) values.clear();
        s = intl ? intl.format(n) : code ? `${formatNumber(n, 2, loc)} ${code}` : formatNumber(n, 2, loc);
        values.set(n, s);
      }
      return s;
    },
  };
}

export function formatMoney(amount: unknown, currency: unknown, locale: string | undefined): string {
  const n = toNumber(amount);
  if (n === null) return '';
  return moneyFormat(locale, typeof currency === 'string' ? currency : '').format(n);
}

function formatNumber(n: number, decimals: number | null, locale: string): string {
  const d = decimals === null ? -1 : Math.max(0, Math.min(6, Math.trunc(decimals)));
  const fmt = cached(numberFormats, `${locale}|${d}`, () => {
    try {
      return new Intl.NumberFormat(locale, d < 0 ? {} : { minimumFractionDigits: d, maximumFractionDigits: d });
    } catch {
      return null;
    }
  });
  return fmt ? fmt.format(n) : String(n);
}

/** Named formats: luxon presets in the recipient's locale; anything else is a luxon format string. */
const presets: Record<string, Intl.DateTimeFormatOptions> = {
  short: DateTime.DATE_SHORT,
  medium: DateTime.DATE_MED,
  long: DateTime.DATE_FULL,
  full: DateTime.DATE_HUGE,
  time: DateTime.TIME_SIMPLE,
  datetime: DateTime.DATETIME_MED,
};

export function formatDate(value: unknown, format: unknown, locale: string | undefined, timezone: string | undefined): string {
  const d = toDate(value);
  if (!d) return '';
  const dt = DateTime.fromJSDate(d, { zone: safeZone(timezone) }).setLocale(safeLocale(locale));
  const f = typeof format === 'string' && format.length > 0 ? format.slice(0, 64) : 'medium';
  if (f === 'iso') return dt.toISO() ?? '';
  if (f === 'relative') return dt.toRelative() ?? '';
  const preset = Object.hasOwn(presets, f) ? presets[f] : undefined;
  try {
    return preset ? dt.toLocaleString(preset) : dt.toFormat(f);
  } catch {
    return '';
  }
}

const num = (v: unknown): number => toNumber(v) ?? 0;
const round = (n: number): number => Math.round(n * 1e6) / 1e6;

function truncate(value: unknown, length: unknown, suffix: unknown): string {
  const s = str(value);
  const max = Math.max(1, Math.min(10_000, Math.trunc(num(length) || 100)));
  if (s.length <= max) return s;
  const tail = typeof suffix === 'string' ? suffix : '…';
  return s.slice(0, Math.max(0, max - tail.length)).trimEnd() + tail;
}

/** Each helper receives its arguments and Handlebars' options last. */
export const helpers: Record<string, HelperDelegate> = {
  money: (...a: unknown[]) => {
    const data = dataOf(a[a.length - 1]);
    return formatMoney(at(a, 0), at(a, 1) ?? data.currency, data.locale);
  },
  number: (...a: unknown[]) => {
    const [value, decimals] = args(a);
    const n = toNumber(value);
    return n === null ? '' : formatNumber(n, toNumber(decimals), safeLocale(dataOf(a[a.length - 1]).locale));
  },
  date: (...a: unknown[]) => {
    const [value, format] = args(a);
    const data = dataOf(a[a.length - 1]);
    return formatDate(value, format, data.locale, data.timezone);
  },
  default: (...a: unknown[]) => {
    const value = at(a, 0);
    return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0) ? at(a, 1) : value;
  },
  eq: (...a: unknown[]) => at(a, 0) === at(a, 1),
  ne: (...a: unknown[]) => at(a, 0) !== at(a, 1),
  gt: (...a: unknown[]) => compare(at(a, 0), at(a, 1)) > 0,
  gte: (...a: unknown[]) => compare(at(a, 0), at(a, 1)) >= 0,
  lt: (...a: unknown[]) => compare(at(a, 0), at(a, 1)) < 0,
  lte: (...a: unknown[]) => compare(at(a, 0), at(a, 1)) <= 0,
  and: (...a: unknown[]) => args(a).every(Boolean),
  or: (...a: unknown[]) => args(a).some(Boolean),
  not: (...a: unknown[]) => !args(a)[0],
  add: (...a: unknown[]) => round(args(a).reduce<number>((s, x) => s + num(x), 0)),
  subtract: (...a: unknown[]) => round(num(args(a)[0]) - num(args(a)[1])),
  multiply: (...a: unknown[]) => {
    let p = 1;
    for (let i = 0; i < a.length - 1; i++) p *= num(a[i]);
    return round(p);
  },
  divide: (...a: unknown[]) => {
    const d = num(args(a)[1]);
    return d === 0 ? 0 : round(num(args(a)[0]) / d);
  },
  round: (...a: unknown[]) => {
    const [value, decimals] = args(a);
    const p = 10 ** Math.max(0, Math.min(6, Math.trunc(num(decimals))));
    return Math.round(num(value) * p) / p;
  },
  uppercase: (...a: unknown[]) => str(args(a)[0]).toUpperCase(),
  lowercase: (...a: unknown[]) => str(args(a)[0]).toLowerCase(),
  capitalize: (...a: unknown[]) => {
    const s = str(args(a)[0]);
    return s.charAt(0).toUpperCase() + s.slice(1);
  },
  truncate: (...a: unknown[]) => truncate(args(a)[0], args(a)[1], args(a)[2]),
  concat: (...a: unknown[]) => args(a).map(str).join(''),
  urlencode: (...a: unknown[]) => encodeURIComponent(str(args(a)[0])),
  /** `{{plural cart.itemCount "item" "items"}}`: the word for the count. */
  plural: (...a: unknown[]) => {
    const one = at(a, 1);
    return num(at(a, 0)) === 1 ? str(one) : str(at(a, 2) ?? `${str(one)}s`);
  },
  /** `{{#each (limit recentlyViewed 3)}}`: the first n items of a list. */
  limit: (...a: unknown[]) => {
    const [list, n] = args(a);
    return Array.isArray(list) ? list.slice(0, Math.max(0, Math.trunc(num(n)))) : [];
  },
  length: (...a: unknown[]) => {
    const v = args(a)[0];
    return Array.isArray(v) || typeof v === 'string' ? v.length : 0;
  },
};

function compare(a: unknown, b: unknown): number {
  const na = toNumber(a);
  const nb = toNumber(b);
  if (na !== null && nb !== null) return na - nb;
  const da = typeof a === 'string' ? Date.parse(a) : NaN;
  const db = typeof b === 'string' ? Date.parse(b) : NaN;
  if (!Number.isNaN(da) && !Number.isNaN(db)) return da - db;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return NaN;
}

/** Built-in Handlebars helpers kept (`log` is removed: it writes to the console; `helperMissing` etc. are internal). */
export const builtinHelpers = ['if', 'unless', 'each', 'with', 'lookup'] as const;

/** Minimum and maximum positional parameters of every helper: checked when a template is saved. */
export const helperArity: Record<string, [number, number]> = {
  if: [1, 1],
  unless: [1, 1],
  each: [1, 1],
  with: [1, 1],
  lookup: [2, 2],
  money: [1, 2],
  number: [1, 2],
  date: [1, 2],
  default: [2, 2],
  eq: [2, 2],
  ne: [2, 2],
  gt: [2, 2],
  gte: [2, 2],
  lt: [2, 2],
  lte: [2, 2],
  and: [1, 10],
  or: [1, 10],
  not: [1, 1],
  add: [1, 10],
  subtract: [2, 2],
  multiply: [1, 10],
  divide: [2, 2],
  round: [1, 2],
  uppercase: [1, 1],
  lowercase: [1, 1],
  capitalize: [1, 1],
  truncate: [1, 3],
  concat: [1, 20],
  urlencode: [1, 1],
  plural: [2, 3],
  limit: [2, 2],
  length: [1, 1],
};
