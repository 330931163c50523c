/**
 * The simulation loop. Each step moves Retainly's manual clock forward one simulated hour (it sends
 * whatever fell due), reads what reached the inboxes, lets machines and people react through the
 * emails' own URLs, lets everyone shop, and sends the shop's events (batches of up to 500).
 */
import type { RetainlyApi } from './api.js';
import { Inbox } from './inbox.js';
import { sendEvents } from './ingest.js';
import { MODEL, type EmailKind } from './model.js';
import { buyAfterClick, onDelivered, openEmail, runJobs, type Job, type ReactionContext } from './recipients.js';
import { cartPlan, shopHour } from './shoppers.js';
import { HOUR } from './store.js';
import { int, money, pct, totals, type Totals } from './summary.js';
import type { Tally, World } from './world.js';

export interface SimulationResult {
  steps: number;
  until: Date;
  tally: Tally;
  /** Tracking URLs that answered otherwise than expected (should be none). */
  failures: string[];
  events: number;
  ms: number;
  /** Where the time went: the clock advances (Retainly's due work) versus everything else. */
  advanceMs: number;
}

export interface SimulationOptions {
  weeks: number;
  /** Cadence id -> what kind of email it sends. */
  kinds: Map<string, EmailKind>;
  progress?: (line: string) => void;
}

interface WebhookInfo {
  emailEvents: { url: string };
}

export async function simulate(api: RetainlyApi, world: World, opts: SimulationOptions): Promise<SimulationResult> {
  const t0 = performance.now();
  const start = world.store.start.getTime();
  const webhookPath = new URL((await api.get<WebhookInfo>('/api/v1/webhooks')).emailEvents.url).pathname;
  const inbox = new Inbox(api);
  const ctx: ReactionContext = { api, kindOf: (id) => opts.kinds.get(id) ?? 'other', webhook: [], failures: [] };
  const stepMs = MODEL.stepHours * HOUR;
  const steps = Math.round((opts.weeks * 7 * 24) / MODEL.stepHours);
  const stepsPerWeek = Math.round((7 * 24) / MODEL.stepHours);
  let events = 0;
  let advanceMs = 0;
  for (let step = 1; step <= steps; step++) {
    const now = start + step * stepMs;
    const a = performance.now();
    await api.post('/api/v1/clock/advance', { to: new Date(now).toISOString(), tick: `${MODEL.stepHours}h` });
    advanceMs += performance.now() - a;

    const jobs: Job[] = [];
    for (const mail of await inbox.poll()) jobs.push(...onDelivered(world, ctx, mail, now));
    for (const { at, item: plan } of world.plans.takeDue(now)) {
      if (plan.kind === 'open') jobs.push(...openEmail(world, ctx, plan, now));
      else if (plan.kind === 'buy') buyAfterClick(world, plan, at);
      else cartPlan(world, plan, at);
    }
    shopHour(world, now);
    await runJobs(jobs);
    const batch = world.takePending();
    if (batch.length) events += (await sendEvents(api, batch)).accepted;
    if (ctx.webhook.length) await api.postPublic(webhookPath, { events: ctx.webhook.splice(0) });

    if (step % stepsPerWeek === 0 || step === steps) {
      opts.progress?.(weekLine(Math.ceil(step / stepsPerWeek), new Date(now), await totals(api, world.store.start, new Date(now)), performance.now() - t0));
    }
  }
  // Opens and clicks made in the last step are written by the next advance: drain it.
  await api.post('/api/v1/clock/advance', { by: '0s' });
  return { steps, until: new Date(start + steps * stepMs), tally: world.tally, failures: ctx.failures, events, ms: performance.now() - t0, advanceMs };
}

function weekLine(week: number, at: Date, t: Totals, ms: number): string {
  return `  week ${week} (to ${at.toISOString().slice(0, 10)}): ${int(t.sent)} emails sent, human opens ${pct(t.openRate)}, clicks ${pct(t.clickRate)}, ${int(t.conversions)} conversions, ${money(t.revenue)}, ${int(t.unsubscribes)} unsubscribed, ${int(t.machineOpens)} machine opens [${(ms / 1000).toFixed(0)} s]`;
}
