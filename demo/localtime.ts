/** The hour of the day where a customer lives (DST included), cached per timezone and UTC hour. */
const formatters = new Map<string, Intl.DateTimeFormat>();
const cache = new Map<string, number>();
const HOUR = 3_600_000;

export function localHour(timezone: string, at: number): number {
  const key = `${timezone}|${Math.floor(at / HOUR)}`;
  let h = cache.get(key);
  if (h === undefined) {
    let f = formatters.get(timezone);
    if (!f) {
      f = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: 'numeric', hourCycle: 'h23' });
      formatters.set(timezone, f);
    }
    h = Number(f.format(new Date(Math.floor(at / HOUR) * HOUR))) % 24;
    if (cache.size > 200_000) cache.clear();
    cache.set(key, h);
  }
  return h;
}

/** `at`, or the next 7-9 am local time when `at` falls in the night (23:00-07:00): people sleep. */
export function awake(timezone: string, at: number, jitter: number): number {
  let t = at;
  for (let i = 0; i < 10 && (localHour(timezone, t) >= 23 || localHour(timezone, t) < 7); i++) t = Math.floor(t / HOUR) * HOUR + HOUR;
  return t === at ? at : t + Math.floor(jitter * 2 * HOUR);
}
