/**
 * The demo from an empty Retainly to eight simulated weeks: generate the store, load it through the
 * API, install and activate the starter segments and cadences (enrolling current members), then
 * simulate. Used by `npm run demo` (demo/main.ts) and by the demo's integration test.
 */
import type { RetainlyApi } from './api.js';
import { loadStore, type LoadFigures } from './ingest.js';
import type { EmailKind } from './model.js';
import { simulate, type SimulationResult } from './simulate.js';
import { generateStore, type DemoStore } from './store.js';
import { summarize, type Summary } from './summary.js';
import { World } from './world.js';

export interface DemoOptions {
  seed: number;
  customers: number;
  weeks: number;
  progress?: (line: string) => void;
}

export interface DemoRun {
  store: DemoStore;
  load: LoadFigures;
  starters: { segments: Record<string, string>; cadences: Record<string, string> };
  simulation: SimulationResult;
  summary: Summary;
  world: World;
}

/** The starter cadences by what they send (the model's parameters differ by kind). */
function kindsOf(cadences: Record<string, string>): Map<string, EmailKind> {
  const kind = (key: string): EmailKind => (key === 'cart-abandonment' ? 'cart' : key === 'reactivation' ? 'reactivation' : key.startsWith('loyalty') ? 'loyalty' : 'other');
  return new Map(Object.entries(cadences).map(([key, id]) => [id, kind(key)]));
}

export async function runDemo(api: RetainlyApi, opts: DemoOptions): Promise<DemoRun> {
  const say = opts.progress ?? (() => {});
  const start = new Date((await api.get<{ now: string }>('/api/v1/clock')).now);
  const t = performance.now();
  const store = generateStore({ seed: opts.seed, customers: opts.customers, start });
  say(`Generated ${store.customers.length.toLocaleString('en-US')} customers and ${store.events.length.toLocaleString('en-US')} history events (seed ${opts.seed}) in ${((performance.now() - t) / 1000).toFixed(1)} s; loading them through the API:`);
  const load = await loadStore(api, store, say);
  const starters = await api.post<DemoRun['starters']>('/api/v1/starters', { activate: true, enrollExisting: true });
  await api.post('/api/v1/clock/advance', { by: '0s' });
  say(`Installed the starter templates, ${Object.keys(starters.segments).length} segments and ${Object.keys(starters.cadences).length} cadences (active, current members enrolled).`);
  say(`Simulating ${opts.weeks} weeks from ${start.toISOString().slice(0, 16)}Z, one hour at a time:`);
  const world = new World(store);
  const simulation = await simulate(api, world, { weeks: opts.weeks, kinds: kindsOf(starters.cadences), progress: say });
  const summary = await summarize(api, start, simulation.until);
  return { store, load, starters, simulation, summary, world };
}
