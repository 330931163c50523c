/**
 * People reacting to the emails that reached them, through the URLs in those emails: machines first
 * (Apple's privacy proxy fetching the pixel on delivery, a company gateway following every link,
 * bounces and complaints reported through the webhook), then people, later and only when awake:
 * they open (the pixel, unless their client blocks images or hides it behind Apple's proxy), some
 * click a link, some of those buy, a few unsubscribe with the one-click header or the page.
 */
import type { RetainlyApi } from './api.js';
import { awake } from './localtime.js';
import type { Delivered } from './inbox.js';
import { APPLE_MPP_AGENT, BROWSERS, clickChance, MODEL, OPEN_AGENTS, openChance, SCANNER_AGENTS, unsubscribeChance, type EmailKind } from './model.js';
import { chance, logNormal, pick } from './random.js';
import { basketFor, HOUR } from './store.js';
import type { Plan, Shopper, World } from './world.js';

export type Job = () => Promise<void>;

export interface ReactionContext {
  api: RetainlyApi;
  kindOf(cadenceId: string): EmailKind;
  /** Bounce and complaint reports for the webhook, sent after the step. */
  webhook: Record<string, unknown>[];
  /** Tracking requests that did not answer as they should (none expected). */
  failures: string[];
}

const residentialIp = (s: Shopper): string => `${s.c.n % 2 ? '198.51.100' : '203.0.113'}.${(s.c.n % 250) + 1}`;
const appleIp = (s: Shopper): string => `17.58.${(s.c.n * 7) % 250}.${(s.c.n % 250) + 1}`;

async function expectStatus(ctx: ReactionContext, url: string, want: number, opts: Parameters<RetainlyApi['hit']>[1]): Promise<void> {
  const res = await ctx.api.hit(url, opts);
  if (res.status !== want) ctx.failures.push(`${opts.method ?? 'GET'} ${new URL(url).pathname} answered ${res.status}, expected ${want}`);
}

/** What happens when an email lands: machine traffic now (returned as jobs), people's reactions planned. */
export function onDelivered(world: World, ctx: ReactionContext, mail: Delivered, now: number): Job[] {
  const s = world.byEmail.get(mail.to.toLowerCase());
  if (!s) return [];
  const rand = world.rand.mail;
  const jobs: Job[] = [];
  const sentAt = mail.sentAt.getTime();
  const t = s.c.traits;
  world.tally.delivered++;
  const recent = world.recentEmails(s, sentAt);
  s.recent.push(sentAt);
  const kind = ctx.kindOf(mail.cadenceId);

  if (t.deadAddress || chance(rand, MODEL.softBounce)) {
    world.tally.bounces++;
    ctx.webhook.push({ type: 'email_bounced', email: mail.to, occurredAt: new Date(sentAt + 60_000).toISOString(), properties: { messageId: mail.smtpMessageId, hard: t.deadAddress, reason: t.deadAddress ? '550 5.1.1 mailbox does not exist' : '452 4.2.2 mailbox full' } });
    return jobs;
  }
  if (t.client === 'apple' && mail.pixelUrl) {
    world.tally.machineOpens++;
    jobs.push(() => expectStatus(ctx, mail.pixelUrl!, 200, { userAgent: APPLE_MPP_AGENT, ip: appleIp(s) }));
  }
  if (t.client === 'corporate' && chance(rand, MODEL.linkScanner)) {
    const agent = pick(rand, SCANNER_AGENTS);
    const method = chance(rand, 0.5) ? 'HEAD' : 'GET';
    world.tally.scannerClicks += mail.clickUrls.length;
    for (const url of mail.clickUrls) jobs.push(() => expectStatus(ctx, url, 302, { method, userAgent: agent, ip: '192.0.2.10' }));
  }
  if (chance(rand, MODEL.complaint * (1 - t.engagement))) {
    world.tally.complaints++;
    ctx.webhook.push({ type: 'email_complained', email: mail.to, occurredAt: new Date(sentAt + 2 * HOUR).toISOString(), properties: { messageId: mail.smtpMessageId } });
    return jobs;
  }
  const unsubscribe = chance(rand, unsubscribeChance(t.engagement));
  if (unsubscribe || chance(rand, openChance(kind, t.engagement, recent))) {
    const at = awake(s.c.timezone, Math.max(sentAt + logNormal(rand, MODEL.openDelayHours.median, MODEL.openDelayHours.sigma) * HOUR, now + 60_000), rand());
    world.plans.add(at, { kind: 'open', shopper: s, mail, emailKind: kind, click: !unsubscribe && chance(rand, clickChance(kind, t.engagement)), unsubscribe });
  }
  return jobs;
}

/** A person opening an email (planned earlier), then clicking, buying later, or unsubscribing. */
export function openEmail(world: World, ctx: ReactionContext, plan: Extract<Plan, { kind: 'open' }>, now: number): Job[] {
  const { shopper: s, mail } = plan;
  const rand = world.rand.mail;
  const jobs: Job[] = [];
  const client = s.c.traits.client;
  world.tally.humanOpens++;
  // Apple's proxy fetched the pixel on delivery and serves it from its cache: the open is invisible.
  if (client !== 'apple' && mail.pixelUrl && !chance(rand, MODEL.imagesBlocked)) {
    jobs.push(() => expectStatus(ctx, mail.pixelUrl!, 200, { userAgent: OPEN_AGENTS[client], ip: residentialIp(s) }));
  }
  if (plan.unsubscribe && mail.unsubscribeUrl) {
    world.tally.unsubscribes++;
    const url = mail.unsubscribeUrl;
    if (chance(rand, MODEL.oneClickShare)) jobs.push(() => expectStatus(ctx, url, 200, { method: 'POST', userAgent: OPEN_AGENTS.gmail, ip: residentialIp(s), form: { 'List-Unsubscribe': 'One-Click' } }));
    else {
      const agent = pick(rand, BROWSERS);
      jobs.push(async () => {
        await expectStatus(ctx, url, 200, { userAgent: agent, ip: residentialIp(s) });
        await expectStatus(ctx, url, 200, { method: 'POST', userAgent: agent, ip: residentialIp(s), form: {} });
      });
    }
    return jobs;
  }
  if (plan.click && mail.clickUrls.length) {
    world.tally.clicks++;
    // The main call to action most of the time, another link now and then.
    const url = chance(rand, 0.7) ? mail.clickUrls[Math.min(1, mail.clickUrls.length - 1)]! : pick(rand, mail.clickUrls);
    jobs.push(() => expectStatus(ctx, url, 302, { userAgent: pick(rand, BROWSERS), ip: residentialIp(s) }));
    if (chance(world.rand.buys, MODEL.buyGivenClick[plan.emailKind] * (0.7 + 0.6 * s.c.traits.engagement))) {
      world.plans.add(now + Math.min(logNormal(world.rand.buys, MODEL.buyDelayHours.median, MODEL.buyDelayHours.sigma), 96) * HOUR + 60_000, { kind: 'buy', shopper: s, emailKind: plan.emailKind });
    }
  }
  return jobs;
}

/** A purchase decided after a click: the cart they were reminded of, or something new. */
export function buyAfterClick(world: World, plan: Extract<Plan, { kind: 'buy' }>, at: number): void {
  const s = plan.shopper;
  const items = plan.emailKind === 'cart' && s.cart ? s.cart.items : basketFor(world.rand.buys, world.store.catalogue, s.c.traits.basket);
  world.order(s, items, at, true);
}

/** Runs jobs with a few requests in flight. */
export async function runJobs(jobs: Job[], concurrency = 8): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) await jobs[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
}
