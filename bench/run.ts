/**
 * `npm run bench`: every hot path against its bare baseline, in one run, on the embedded database
 * (the same chain as `npm start`) and SMTP servers the bench starts itself. Prints one table
 * (median of at least three repetitions, with the spread) and writes bench/results.json.
 * `BENCH_QUICK=1` runs everything small (a smoke check of the bench itself, not figures to quote).
 */
import { cpus, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
import { startDatabase } from '../server/db/connect.js';
import { createLogger } from '../server/log.js';
import { benchIngest } from './ingest.js';
import { figure, notePeak, peakRssMb, runPeakRssMb, type Figure } from './lib.js';
import { benchRender } from './render.js';
import { benchSegments } from './segments.js';
import { benchSend } from './send.js';
import { benchTracking } from './tracking.js';

const quick = process.env.BENCH_QUICK === '1';
const started = Date.now();
const say = (line: string): void => {
  process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
};

type Goal = { op: '>=' | '<=' | '='; value: number };
interface Row {
  key: string;
  value: number;
  spread?: [number, number];
  goal?: Goal;
  unit: string;
}

const rows: Row[] = [];
const add = (key: string, f: Figure | number, unit: string, goal?: Goal): void => {
  if (typeof f === 'number') rows.push({ key, value: f, unit, goal });
  else rows.push({ key, value: f.median, spread: [f.min, f.max], unit, goal });
};

async function repeat<T>(n: number, run: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await run());
  return out;
}

const db = await startDatabase(process.env.MONGODB_URI, createLogger('warn'));
say(`database: ${db.description}`);
try {
  say('render: cart-abandonment starter, three runs');
  const renders = await repeat(3, () => benchRender(quick ? 1 : 3));
  const personalised = figure(renders.map((r) => r.personalisedPerSec));
  const naive = figure(renders.map((r) => r.naivePerSec));
  add('render.personalisedPerSec', personalised, 'emails/s/core', { op: '>=', value: 20_000 });
  add('render.naivePerSec', naive, 'emails/s/core');
  add('render.speedupVsNaive', personalised.median / naive.median, 'x', { op: '>=', value: 1_000 });
  add('render.htmlBytes', renders[0]!.htmlBytes, 'bytes');
  notePeak(peakRssMb());

  say('segments: 100,000 customers, a 5-condition segment with one event condition, 50 segments incremental');
  const seg = await benchSegments(db.uri, quick ? 5_000 : 100_000, say);
  add('segment.buildMs', seg.buildMs, 'ms');
  add('segment.bareQueryMs', seg.bareQueryMs, 'ms');
  add('segment.ratio', seg.ratio, 'x', { op: '<=', value: 2 });
  add('segment.incrementalP50Ms', seg.incrementalP50Ms, 'ms');
  add('segment.incrementalP99Ms', seg.incrementalP99Ms, 'ms', { op: '<=', value: 5 });
  notePeak(peakRssMb());

  say('ingest: POST /api/v1/events in batches of 500, 50 segments defined, three runs');
  const ingests = await repeat(3, () => benchIngest(db.uri, quick ? 5_000 : 30_000));
  const eventsPerSec = figure(ingests.map((r) => r.eventsPerSec));
  const bareInsert = figure(ingests.map((r) => r.bareInsertManyPerSec));
  add('ingest.eventsPerSec', eventsPerSec, 'events/s', { op: '>=', value: 5_000 });
  add('ingest.bareInsertManyPerSec', bareInsert, 'docs/s');
  add('ingest.ratio', eventsPerSec.median / bareInsert.median, 'x');
  notePeak(peakRssMb());

  say('send: 10,000 enrollments due at once, end to end through Agenda, three runs');
  const send = await benchSend(db.uri, { repetitions: 3, enrollments: quick ? 500 : 10_000 });
  add('send.emailsPerSec', send.emailsPerSec, 'emails/s');
  add('send.bareNodemailerPerSec', send.bareNodemailerPerSec, 'emails/s');
  add('send.ratio', send.ratio, 'x', { op: '>=', value: 0.8 });
  add('send.duplicates', send.duplicates, 'emails', { op: '=', value: 0 });
  notePeak(peakRssMb());

  say('tracking: autocannon, 50 connections, 10 s, against the open pixel, three runs');
  const tr = await benchTracking(db.uri, { repetitions: 3, durationSec: quick ? 2 : 10 });
  add('tracking.opensPerSec', tr.opensPerSec, 'req/s');
  add('tracking.bareHttpPerSec', tr.bareHttpPerSec, 'req/s');
  add('tracking.ratio', tr.ratio, 'x', { op: '>=', value: 0.5 });
  add('tracking.p99Ms', tr.p99Ms, 'ms', { op: '<=', value: 25 });
  add('tracking.lost', tr.lost, 'hits', { op: '=', value: 0 });
  add('tracking.requests', tr.requests, 'requests');
  add('tracking.failures', tr.failures, 'responses', { op: '=', value: 0 });

  add('memory.peakRssMb', runPeakRssMb(), 'MB', { op: '<=', value: 512 });
} finally {
  await db.stop();
}

const fmt = (n: number): string => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en') : Number(n.toPrecision(3)).toLocaleString('en'));
const met = (r: Row): string => {
  if (!r.goal) return '';
  const ok = r.goal.op === '>=' ? r.value >= r.goal.value : r.goal.op === '<=' ? r.value <= r.goal.value : r.value === r.goal.value;
  return `${ok ? 'met ' : 'MISSED'} (${r.goal.op} ${fmt(r.goal.value)})`;
};
const lines = rows.map((r) => [r.key, `${fmt(r.value)} ${r.unit}`, r.spread ? `${fmt(r.spread[0])} – ${fmt(r.spread[1])}` : '', met(r)]);
const widths = [0, 1, 2].map((i) => Math.max(...lines.map((l) => l[i]!.length), ['figure', 'median', 'spread (min – max)'][i]!.length));
const row = (l: string[]): string => l.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c)).join('  ');
process.stdout.write(`\nRetainly benchmarks${quick ? ' (BENCH_QUICK: sizes reduced, not figures to quote)' : ''}\n`);
process.stdout.write(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}; database: ${db.description}\n\n`);
process.stdout.write(`${row(['figure', 'median', 'spread (min – max)', 'goal'])}\n`);
for (const l of lines) process.stdout.write(`${row(l)}\n`);
process.stdout.write(`\ntotal time: ${((Date.now() - started) / 60_000).toFixed(1)} min\n`);

// bench/results.json: the figures under their dotted keys as nested objects, plus spreads and context.
const results: Record<string, unknown> = {};
for (const r of rows) {
  const [group, name] = r.key.split('.') as [string, string];
  (results[group] ??= {}) as Record<string, number>;
  (results[group] as Record<string, number>)[name] = Number(r.value.toFixed(3));
}
results.spreads = Object.fromEntries(rows.filter((r) => r.spread).map((r) => [r.key, r.spread]));
results.context = { quick, machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, database: db.description, minutes: Number(((Date.now() - started) / 60_000).toFixed(1)) };
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
process.exit(0);
