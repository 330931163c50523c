/**
 * The report's columns, defined once: each has the figure the table shows and the value the CSV
 * export writes, so the file holds exactly the rows on screen (rates as percentages, rounded the
 * same way). Machine opens and clicks are apart: they are not in any rate.
 */
import type { Metrics } from '../../api';
import { formatMoney, formatNumber, formatPercent } from '../../ui/format';

export interface Column<T> {
  key: string;
  header: string;
  /** What a cell says on screen. */
  format: (row: T) => string;
  /** What the CSV holds (a number where it is one); a column may stand for several CSV columns. */
  csv: (row: T) => string | number | (string | number)[];
  /** The CSV headers of a column that stands for several. */
  csvHeaders?: string[];
  /** Explains the figure (a tooltip on the header). */
  hint?: string;
  /** Left out of rates: shown after the human figures, set apart. */
  machine?: boolean;
}

/** A rate as a percentage with one decimal, the same on screen and in the file. */
const pct = (ratio: number): number => Math.round(ratio * 1000) / 10;

const count = <T extends Metrics>(key: keyof Metrics, header: string, hint?: string, machine?: boolean): Column<T> => ({
  key,
  header,
  hint,
  machine,
  format: (r) => formatNumber(r[key]),
  csv: (r) => r[key],
});

const rate = <T extends Metrics>(key: 'openRate' | 'clickRate' | 'clickToOpenRate', header: string, hint: string): Column<T> => ({
  key,
  header,
  hint,
  format: (r) => formatPercent(pct(r[key]) / 100),
  csv: (r) => pct(r[key]),
});

export function metricColumns<T extends Metrics>(): Column<T>[] {
  return [
    count<T>('sent', 'Sent', 'Emails delivered to the mail server'),
    rate<T>('openRate', 'Open rate', 'Unique human opens over sent'),
    rate<T>('clickRate', 'Click rate', 'Unique human clicks over sent'),
    rate<T>('clickToOpenRate', 'Click\u2011to\u2011open', 'Unique clicks over unique opens'),
    count<T>('unsubscribes', 'Unsubscribes'),
    count<T>('bounces', 'Bounces'),
    count<T>('conversions', 'Conversions', 'Orders placed within 5 days after a click'),
    { key: 'revenue', header: 'Revenue', hint: 'The total of those orders', format: (r) => formatMoney(r.revenue), csv: (r) => Math.round(r.revenue * 100) / 100 },
    {
      key: 'machine',
      header: 'Machine opens · clicks',
      hint: 'Opens by mail-privacy proxies and clicks by link scanners: recorded, never in the rates',
      machine: true,
      format: (r) => `${formatNumber(r.machineOpens)} · ${formatNumber(r.machineClicks)}`,
      csv: (r) => [r.machineOpens, r.machineClicks],
      csvHeaders: ['Machine opens', 'Machine clicks'],
    },
  ];
}

/** The CSV header (rates say they are percentages). */
export const csvHeader = <T,>(columns: Column<T>[]): string[] => columns.flatMap((c) => c.csvHeaders ?? [c.header.replace(/\u2011/g, '-') + (c.key.endsWith('Rate') ? ' (%)' : '')]);

/** A row's CSV cells, in the order of `csvHeader`. */
export const csvCells = <T,>(columns: Column<T>[], row: T): (string | number)[] => columns.flatMap((c) => c.csv(row));
