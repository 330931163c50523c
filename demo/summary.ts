/**
 * The numbers at the end, as Retainly reports them (`/api/v1/reports/...`): totals, per cadence and
 * per segment, and a plain-text table of them.
 */
import type { RetainlyApi } from './api.js';

export interface Metrics {
  sent: number;
  uniqueOpens: number;
  uniqueClicks: number;
  openRate: number;
  clickRate: number;
  clickToOpenRate: number;
  unsubscribes: number;
  bounces: number;
  conversions: number;
  revenue: number;
  machineOpens: number;
  machineClicks: number;
}

export type Totals = Metrics;

export interface SegmentRow extends Metrics {
  segmentId: string;
  name: string;
  members: number;
}

export interface CadenceRow extends Metrics {
  cadenceId: string;
  name: string;
  steps: number;
}

export interface Summary {
  totals: Totals;
  cadences: CadenceRow[];
  segments: SegmentRow[];
}

const day = (d: Date): string => d.toISOString().slice(0, 10);
const ratio = (a: number, b: number): number => (b > 0 ? a / b : 0);

function sum(rows: Metrics[]): Totals {
  const t = { sent: 0, uniqueOpens: 0, uniqueClicks: 0, unsubscribes: 0, bounces: 0, conversions: 0, revenue: 0, machineOpens: 0, machineClicks: 0 };
  for (const r of rows) for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += r[k];
  return { ...t, openRate: ratio(t.uniqueOpens, t.sent), clickRate: ratio(t.uniqueClicks, t.sent), clickToOpenRate: ratio(t.uniqueClicks, t.uniqueOpens) };
}

/** Everything sent since `from`, summed over the segments (each message counts for one). */
export async function totals(api: RetainlyApi, from: Date, to: Date): Promise<Totals> {
  const res = await api.get<{ items: SegmentRow[] }>(`/api/v1/reports/segments?from=${day(from)}&to=${day(to)}`);
  return sum(res.items);
}

export async function summarize(api: RetainlyApi, from: Date, to: Date): Promise<Summary> {
  const segments = (await api.get<{ items: SegmentRow[] }>(`/api/v1/reports/segments?from=${day(from)}&to=${day(to)}`)).items;
  const list = await api.get<{ items: { id: string; name: string }[] }>('/api/v1/cadences?limit=500');
  const cadences: CadenceRow[] = [];
  for (const c of list.items) {
    const r = await api.get<{ name: string; steps: unknown[]; total: Metrics }>(`/api/v1/reports/cadences/${c.id}`);
    cadences.push({ cadenceId: c.id, name: r.name, steps: r.steps.length, ...r.total });
  }
  return { totals: sum(segments), cadences, segments };
}

export const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
export const int = (x: number): string => Math.round(x).toLocaleString('en-US');
export const money = (x: number): string => `€${Math.round(x).toLocaleString('en-US')}`;

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

export function formatSummary(s: Summary): string[] {
  const metrics = (m: Metrics): string[] => [int(m.sent), pct(m.openRate), pct(m.clickRate), pct(m.clickToOpenRate), int(m.conversions), money(m.revenue), int(m.unsubscribes), int(m.bounces), int(m.machineOpens)];
  const head = ['sent', 'opens', 'clicks', 'CTOR', 'conv.', 'revenue', 'unsub.', 'bounces', 'machine opens'];
  return [
    'Per cadence (human open and click rates; machine opens counted apart):',
    ...table(['cadence', ...head], [...s.cadences.map((c) => [c.name, ...metrics(c)]), ['all', ...metrics(s.totals)]]),
    '',
    'Per segment:',
    ...table(['segment', 'members', ...head], s.segments.map((r) => [r.name, int(r.members), ...metrics(r)])),
  ];
}
