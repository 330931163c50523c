/**
 * Shopping without any email: people visit when they are awake (more in the evening, in their own
 * timezone), look at products, put some in the cart, check out or leave the cart behind. A left
 * cart is sometimes bought later anyway, else the shop empties it after a week.
 */
import { pickProduct, productView } from './catalogue.js';
import { localHour } from './localtime.js';
import { diurnal, MODEL } from './model.js';
import { between, chance, logNormal } from './random.js';
import { basketFor, HOUR, visitEvents } from './store.js';
import type { Shopper, World } from './world.js';

/** Everyone's visits in the hour ending at `now`. */
export function shopHour(world: World, now: number): void {
  const rand = world.rand.visits;
  for (const s of world.shoppers) {
    const t = s.c.traits;
    const perHour = (t.visitsPerWeek / 168) * diurnal(localHour(s.c.timezone, now - HOUR / 2)) * (t.churned ? MODEL.churnedVisitShare : 1);
    if (rand() >= 1 - Math.exp(-perHour)) continue;
    visit(world, s, now - HOUR + rand() * HOUR * 0.6, now);
  }
}

function visit(world: World, s: Shopper, at: number, now: number): void {
  const rand = world.rand.visits;
  world.tally.visits++;
  // Adding to the cart: the open cart grows, or a new one starts.
  const adds = chance(rand, MODEL.visit.cart);
  const items = adds ? (s.cart ? [...s.cart.items, ...basketFor(rand, world.store.catalogue, 0.6)] : basketFor(rand, world.store.catalogue, s.c.traits.basket)) : null;
  const events = visitEvents(rand, world.store.catalogue, at, null);
  let t = Math.min(events[events.length - 1]!.at, now);
  for (const e of events) world.emit(s, e.type, Math.min(e.at, now), e.properties);
  if (!items) return;
  t = Math.min(t + between(rand, 1, 4) * 60_000, now);
  world.updateCart(s, mergeItems(items), t);
  if (chance(rand, MODEL.visit.checkout * (0.8 + 0.4 * s.c.traits.engagement))) {
    world.order(s, s.cart!.items, Math.min(t + between(rand, 2, 10) * 60_000, now), false);
    return;
  }
  world.tally.abandonedCarts++;
  if (chance(rand, MODEL.cartReturn)) world.plans.add(t + Math.min(logNormal(rand, 20, 0.9), 6 * 24) * HOUR, { kind: 'cart-return', shopper: s, since: t });
}

function mergeItems(items: ReturnType<typeof basketFor>): ReturnType<typeof basketFor> {
  const bySku = new Map<string, (typeof items)[number]>();
  for (const i of items) {
    const have = bySku.get(i.sku);
    if (have) bySku.set(i.sku, { ...have, quantity: have.quantity + i.quantity });
    else bySku.set(i.sku, { ...i });
  }
  return [...bySku.values()];
}

/** A planned return to a left cart, or its expiry: only if the cart is still the one left then. */
export function cartPlan(world: World, plan: { kind: 'cart-return' | 'cart-expiry'; shopper: Shopper; since: number }, at: number): void {
  const s = plan.shopper;
  if (!s.cart || s.cart.since !== plan.since) return;
  if (plan.kind === 'cart-return') {
    world.emit(s, 'product_viewed', at - 5 * 60_000, viewOf(world, s));
    world.order(s, s.cart.items, at, false);
  } else {
    world.emit(s, 'cart_cleared', at, { reason: 'expired' });
    s.cart = null;
  }
}

function viewOf(world: World, s: Shopper): Record<string, unknown> {
  const sku = s.cart?.items[0]?.sku;
  const p = world.store.catalogue.find((x) => x.sku === sku) ?? pickProduct(world.rand.visits, world.store.catalogue);
  return productView(p);
}
