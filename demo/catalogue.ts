/**
 * The demo shop's catalogue: a small outdoor and running store, a few products per category with
 * prices, stable placeholder images and product pages. Popularity follows a Zipf-like curve, so a
 * few products get most of the views and sales, as in a real shop.
 */
import { weighted, type Random } from './random.js';

export const SHOP_URL = 'https://shop.example.com';
export const CURRENCY = 'EUR';

export interface Product {
  sku: string;
  name: string;
  category: string;
  price: number;
  imageUrl: string;
  url: string;
  /** Relative popularity (views and sales). */
  weight: number;
}

const LINES: readonly { category: string; prefix: string; price: [number, number]; names: readonly string[] }[] = [
  { category: 'shoes', prefix: 'SHO', price: [69, 189], names: ['Trail running shoes', 'Road running shoes', 'Waterproof hiking boots', 'Approach shoes', 'Recovery sandals', 'Lightweight racing flats'] },
  { category: 'jackets', prefix: 'JKT', price: [59, 329], names: ['Packable rain jacket', 'Insulated down jacket', 'Softshell jacket', 'Windproof running jacket', 'Three-layer mountain shell', 'Fleece mid-layer'] },
  { category: 'tops', prefix: 'TOP', price: [19, 79], names: ['Merino base layer', 'Technical running tee', 'Long-sleeve sun shirt', 'Lightweight running vest', 'Quarter-zip pullover'] },
  { category: 'bottoms', prefix: 'BTM', price: [29, 119], names: ['Trail shorts', 'Running tights', 'Convertible hiking trousers', 'Waterproof overtrousers'] },
  { category: 'bags', prefix: 'BAG', price: [29, 229], names: ['Running hydration vest', '30 L hiking backpack', '65 L trekking pack', 'Waterproof duffel bag', 'Hip pack'] },
  { category: 'camping', prefix: 'CMP', price: [24, 449], names: ['Two-person tent', 'Down sleeping bag', 'Self-inflating mat', 'Titanium cook set', 'Headlamp 400 lm', 'Water filter bottle'] },
  { category: 'accessories', prefix: 'ACC', price: [9, 59], names: ['Merino socks (3 pairs)', 'Running cap', 'Trekking poles', 'Insulated bottle', 'Touchscreen gloves', 'Buff neck gaiter'] },
];

/** The catalogue for a seed: the same seed gives the same products and prices. */
export function makeCatalogue(rand: Random): Product[] {
  const products: Product[] = [];
  for (const line of LINES) {
    line.names.forEach((name, i) => {
      const sku = `${line.prefix}-${String(101 + i * 7).padStart(3, '0')}`;
      const [lo, hi] = line.price;
      // Shop prices end in .90 or .00.
      const base = lo + rand() * (hi - lo);
      const price = rand() < 0.6 ? Math.floor(base) + 0.9 : Math.round(base);
      products.push({ sku, name, category: line.category, price, imageUrl: `https://picsum.photos/seed/${sku}/400/400`, url: `${SHOP_URL}/p/${sku.toLowerCase()}`, weight: 0 });
    });
  }
  // Zipf-like popularity over a seeded order of the products.
  const order = products.map((p) => ({ p, k: rand() })).sort((a, b) => a.k - b.k);
  order.forEach(({ p }, rank) => (p.weight = 1 / Math.pow(rank + 1, 0.9)));
  return products;
}

export function pickProduct(rand: Random, catalogue: readonly Product[], category?: string): Product {
  const pool = category ? catalogue.filter((p) => p.category === category) : catalogue;
  return weighted(rand, pool.map((p) => [p, p.weight] as const));
}

export interface LineItem {
  sku: string;
  name: string;
  price: number;
  quantity: number;
  category: string;
  imageUrl: string;
  url: string;
}

export function lineItem(p: Product, quantity = 1): LineItem {
  return { sku: p.sku, name: p.name, price: p.price, quantity, category: p.category, imageUrl: p.imageUrl, url: p.url };
}

export const totalOf = (items: readonly LineItem[]): number => Math.round(items.reduce((s, i) => s + i.price * i.quantity, 0) * 100) / 100;

/** What a customer views on the site (`product_viewed` properties: what templates show as "recently viewed"). */
export function productView(p: Product): Record<string, unknown> {
  return { sku: p.sku, name: p.name, price: p.price, currency: CURRENCY, category: p.category, imageUrl: p.imageUrl, url: p.url };
}
