/**
 * Rendering: personalised emails per second on one core for the cart-abandonment starter — subject,
 * HTML with signed click links and open pixel, text part, headers — for varied customers (names,
 * locales, timezones, currencies, 1 to 4 cart items, recently viewed products), through the same
 * per-recipient function a send uses. Beside it, in the same run, the naive way: per recipient,
 * Handlebars over the MJML and then mjml2html. Rates are per second of this process's CPU time
 * (one thread: one core), so other work on a shared machine does not count against them; the
 * wall-clock rate is reported beside.
 * Usage: tsx bench/render.ts [seconds=3]
 */
import Handlebars from 'handlebars';
import mjml2html from 'mjml';
import { Types } from 'mongoose';
import { Links } from '../server/lib/links.js';
import { Signer } from '../server/lib/tokens.js';
import type { CustomerDoc } from '../server/modules/customers/index.js';
import { CompiledTemplate, compileTemplate, loadLibrary, renderForRecipient, type RenderRecipient, type ViewedProduct } from '../server/modules/templates/index.js';
import { helpers } from '../server/modules/templates/template.helpers.js';
import { expandPartials } from '../server/modules/templates/template.source.js';

export interface RenderFigures {
  /** Per second of CPU time of this (single-threaded) process: one core, whatever else runs on the machine. */
  personalisedPerSec: number;
  naivePerSec: number;
  speedupVsNaive: number;
  htmlBytes: number;
  /** The same per second of wall-clock time (lower when other processes share the cores). */
  personalisedWallPerSec: number;
}

/** Runs `step` (which does `batch` renders) until `seconds` of wall time passed; counts per CPU and per wall second. */
async function measure(seconds: number, batch: number, step: () => Promise<void> | void): Promise<{ cpu: number; wall: number }> {
  let n = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  while (n === 0 || performance.now() - t0 < seconds * 1000) {
    await step();
    n += batch;
  }
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  return { cpu: n / ((cpu.user + cpu.system) / 1e6), wall: n / wallS };
}

const PEOPLE: [string, string, string, string, string][] = [
  ['Emma', 'Clarke', 'en-GB', 'Europe/London', 'GBP'],
  ['Lucas', 'Martin', 'fr-FR', 'Europe/Paris', 'EUR'],
  ['Mia', 'Schneider', 'de-DE', 'Europe/Berlin', 'EUR'],
  ['Noah', 'Johnson', 'en-US', 'America/Chicago', 'USD'],
  ['Yui', 'Tanaka', 'ja-JP', 'Asia/Tokyo', 'JPY'],
  ['Sofia', 'Rossi', 'it-IT', 'Europe/Rome', 'EUR'],
];
const PRODUCTS = ['Trail running shoes', 'Merino socks', 'Rain jacket', 'Running cap', 'Base layer', 'Headlamp', 'Water bottle', 'Gaiters'];

function customers(n: number): { recipients: RenderRecipient[]; viewed: ViewedProduct[][] } {
  const recipients: RenderRecipient[] = [];
  const viewed: ViewedProduct[][] = [];
  const t = new Date('2026-01-05T12:00:00Z');
  for (let i = 0; i < n; i++) {
    const [first, last, locale, timezone, currency] = PEOPLE[i % PEOPLE.length]!;
    const items = Array.from({ length: 1 + (i % 4) }, (_, k) => {
      const p = (i * 7 + k * 3) % PRODUCTS.length;
      return { sku: `SKU-${p}`, name: PRODUCTS[p]!, price: 9.5 + p * 11.25, quantity: 1 + ((i + k) % 3), imageUrl: `https://cdn.shop.example/img/${p}.jpg`, url: `https://shop.example/p/${p}?ref=${i}` };
    });
    const total = Math.round(items.reduce((s, x) => s + x.price * x.quantity, 0) * 100) / 100;
    const customer = {
      _id: new Types.ObjectId(),
      email: `${first.toLowerCase()}.${i}@example.com`,
      firstName: i % 10 === 0 ? null : `${first}${i}`,
      lastName: last,
      timezone,
      locale,
      attributes: { vip: i % 3 === 0, size: 'M' },
      subscription: { status: 'subscribed', updatedAt: t },
      stats: { ordersCount: i % 5, totalSpent: (i % 5) * 80, avgOrderValue: 80, firstOrderAt: t, lastOrderAt: t, lastSeenAt: t, emailsSent: 3, emailsOpened: 1, emailsClicked: 0, lastEmailSentAt: t, lastOpenAt: t, lastClickAt: null },
      cart: { status: 'open', total, currency, itemCount: items.reduce((s, x) => s + x.quantity, 0), checkoutUrl: `https://shop.example/checkout?c=${i}`, items, updatedAt: t },
      rfm: { recency: 4, frequency: 2, monetary: 2, score: '422', tier: 'silver' },
      lifecycle: 'active',
      segments: [],
      recentOrders: [t],
      softBounces: 0,
      nextCheckAt: null,
      rev: 1,
      createdAt: t,
      updatedAt: t,
    } as unknown as CustomerDoc;
    recipients.push({ messageId: new Types.ObjectId(), customer, cadence: { name: 'Cart abandonment' }, step: { index: i % 3 } });
    viewed.push(i % 3 === 0 ? [] : [{ sku: 'V1', name: 'Packable vest', price: 44, currency, imageUrl: 'https://cdn.shop.example/img/v1.jpg', url: 'https://shop.example/p/v1' }]);
  }
  return { recipients, viewed };
}

export async function benchRender(seconds = 3): Promise<RenderFigures> {
  const lib = await loadLibrary();
  const starter = lib.starters.find((s) => s.key === 'cart-abandonment');
  if (!starter) throw new Error('no cart-abandonment starter');
  const result = await compileTemplate({ subject: starter.subject, preheader: starter.preheader, mjml: starter.mjml, text: null }, lib.partials);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  const compiled = new CompiledTemplate({ subject: starter.subject, ...result.artefacts });
  const links = new Links(new Signer('bench-secret-'.repeat(4)), 'https://mail.shop.example');
  const company = { name: 'Northwind Outdoor', address: '12 Harbour Road, Bristol', url: 'https://shop.example' };
  const now = new Date('2026-01-05T12:00:00Z');
  const { recipients, viewed } = customers(2_000);

  let bytes = 0;
  const renderOne = (i: number): void => {
    const idx = i % recipients.length;
    const email = renderForRecipient(compiled, recipients[idx]!, { links, company, now, recentlyViewed: viewed[idx]! });
    bytes += email.html.length + email.text.length + email.subject.length;
  };
  for (let i = 0; i < 3_000; i++) renderOne(i); // warm-up (JIT, formatter caches)
  let next = 0;
  const personalised = await measure(seconds, 500, () => {
    for (let k = 0; k < 500; k++) renderOne(next++);
  });

  // The naive way: personalise the MJML with Handlebars, then compile it, for every recipient.
  const hb = Handlebars.create();
  hb.registerHelper(helpers);
  const mjmlSource = expandPartials(starter.mjml, lib.partials).source;
  let naiveNext = 0;
  const naive = await measure(Math.min(seconds, 3), 1, async () => {
    const i = naiveNext++;
    const r = recipients[i % recipients.length]!;
    const ctx = { customer: r.customer, cart: r.customer.cart, recentlyViewed: viewed[i % viewed.length], company, unsubscribeUrl: links.unsubscribeUrl({ kind: 'message', id: r.messageId.toHexString() }), now: now.toISOString() };
    const personalisedMjml = hb.compile(mjmlSource)(ctx, { data: { locale: r.customer.locale, timezone: r.customer.timezone } });
    bytes += (await mjml2html(personalisedMjml)).html.length;
  });
  if (bytes === 0) throw new Error('nothing rendered');
  return {
    personalisedPerSec: Math.round(personalised.cpu),
    naivePerSec: Math.round(naive.cpu * 10) / 10,
    speedupVsNaive: Math.round(personalised.cpu / naive.cpu),
    htmlBytes: result.artefacts.htmlBytes,
    personalisedWallPerSec: Math.round(personalised.wall),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchRender(Number(process.argv[2] ?? 3))
    .then((f) => {
      process.stdout.write(`render (cart abandonment, ${f.htmlBytes} bytes of compiled HTML)\n`);
      process.stdout.write(`  personalised, compiled once:  ${f.personalisedPerSec.toLocaleString('en')} emails/s per core (${f.personalisedWallPerSec.toLocaleString('en')}/s wall clock)\n`);
      process.stdout.write(`  naive per-recipient MJML:      ${f.naivePerSec.toLocaleString('en')} emails/s\n`);
      process.stdout.write(`  speed-up:                      ${f.speedupVsNaive.toLocaleString('en')}x\n`);
      process.exit(0);
    })
    .catch((err: unknown) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    });
}
