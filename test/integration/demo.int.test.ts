/**
 * `npm run demo` at a small size: a generated shop loaded through the HTTP API, the starter
 * cadences active, a simulated week of customers reacting to what reached their inboxes. What
 * Retainly reports at the end must match what the simulated people and machines actually did.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetainlyApi } from '../../demo/api.js';
import { runDemo, type DemoRun } from '../../demo/run.js';
import { DAY, HOUR, generateStore } from '../../demo/store.js';
import { startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
let server: Server;
let api: RetainlyApi;
let run: DemoRun;
const start = new Date(Math.floor(Date.parse('2026-11-20T10:00:00Z') / HOUR) * HOUR - 7 * DAY);

beforeAll(async () => {
  h = await startHarness({ start, catcher: true });
  server = await new Promise((resolve) => {
    const s = h.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  api = new RetainlyApi(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, h.keys.admin);
  run = await runDemo(api, { seed: 3, customers: 300, weeks: 1 });
}, 240_000);

afterAll(async () => {
  api?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await h?.close();
});

describe('the demo', () => {
  it('generates the same shop from the same seed, and another from another seed', () => {
    const a = generateStore({ seed: 3, customers: 50, start });
    const b = generateStore({ seed: 3, customers: 50, start });
    const c = generateStore({ seed: 4, customers: 50, start });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a.customers)).not.toBe(JSON.stringify(c.customers));
    // Plausible customers: several timezones, some with orders, some with carts.
    expect(new Set(a.customers.map((x) => x.timezone)).size).toBeGreaterThan(3);
    expect(a.events.some((e) => e.type === 'order_placed')).toBe(true);
    expect(a.events.some((e) => e.type === 'cart_updated')).toBe(true);
  });

  it('loads every customer and history event through the API, and activates the starter cadences', async () => {
    const customers = await h.services.customers.count();
    expect(customers).toBe(300);
    expect(run.load.events).toBe(run.store.events.length);
    const cadences = (await h.api.get('/api/v1/cadences?limit=50').expect(200)).body.items as { status: string }[];
    expect(cadences.length).toBe(Object.keys(run.starters.cadences).length);
    expect(cadences.every((c) => c.status === 'active')).toBe(true);
  });

  it('reports what the simulated customers did with their emails', () => {
    const t = run.summary.totals;
    const tally = run.simulation.tally;
    process.stdout.write(`[demo] ${JSON.stringify({ totals: t, tally })}\n`);
    expect(run.simulation.failures).toEqual([]);
    expect(t.sent).toBeGreaterThan(50);
    // Every email Retainly counts as sent reached an inbox, and nothing else did.
    expect(t.sent).toBe(tally.delivered);
    expect(t.bounces).toBe(tally.bounces);
    expect(t.unsubscribes).toBe(tally.unsubscribes);
    // Human clicks are counted once per email; scanners' clicks are kept apart.
    expect(t.uniqueClicks).toBe(tally.clicks);
    expect(tally.scannerClicks === 0 || t.machineClicks > 0).toBe(true);
    // Apple's proxy opens every email on delivery: machine opens, never human ones.
    expect(t.machineOpens).toBeGreaterThanOrEqual(tally.machineOpens);
    expect(t.uniqueOpens).toBeGreaterThanOrEqual(t.uniqueClicks);
    expect(t.uniqueOpens).toBeLessThanOrEqual(tally.humanOpens);
    // An order within five days of a human click is the email's conversion.
    expect(t.conversions).toBeGreaterThanOrEqual(tally.emailOrders);
    // Segment and cadence rows add up to the totals.
    expect(run.summary.cadences.reduce((a, c) => a + c.sent, 0)).toBe(t.sent);
  });

  it('leaves the emails in the outbox, where the web client shows them', async () => {
    const page = (await h.api.get('/api/v1/outbox?limit=5').expect(200)).body.items as { subject: string }[];
    expect(page.length).toBe(5);
    expect(page.every((m) => m.subject.length > 0)).toBe(true);
  });
});
