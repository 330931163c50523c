/**
 * Seeded randomness for the demo: one generator per concern, each derived from the demo seed and a
 * label, so adding draws to one concern (say, the behaviour model) never changes another (the store).
 */
import { createHash } from 'node:crypto';

export interface Random {
  /** Uniform in [0, 1). */
  (): number;
}

/** mulberry32: small, fast, seeded. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generator for one concern (`label`) of the demo seeded with `seed`. */
export function streamFor(seed: number, label: string): Random {
  const h = createHash('sha256').update(`${seed}:${label}`).digest();
  return seededRandom(h.readUInt32LE(0));
}

export function pick<T>(rand: Random, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)]!;
}

/** Picks by weight: `[[value, weight], ...]`. */
export function weighted<T>(rand: Random, choices: readonly (readonly [T, number])[]): T {
  const total = choices.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [value, w] of choices) {
    r -= w;
    if (r < 0) return value;
  }
  return choices[choices.length - 1]![0];
}

export function between(rand: Random, min: number, max: number): number {
  return min + rand() * (max - min);
}

export function intBetween(rand: Random, min: number, max: number): number {
  return Math.floor(between(rand, min, max + 1));
}

/** Standard normal (Box-Muller). */
export function normal(rand: Random): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Log-normal with the given median and log-scale spread. */
export function logNormal(rand: Random, median: number, sigma: number): number {
  return median * Math.exp(sigma * normal(rand));
}

/** Pareto with scale `min` and shape `alpha` (smaller alpha: a heavier tail of big values). */
export function pareto(rand: Random, min: number, alpha: number): number {
  return min / Math.pow(1 - rand(), 1 / alpha);
}

/** Poisson-distributed count with mean `mean` (Knuth; means here are small). */
export function poisson(rand: Random, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rand)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rand();
  while (p > limit) {
    k++;
    p *= rand();
  }
  return k;
}

export function chance(rand: Random, p: number): boolean {
  return rand() < p;
}

export const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
