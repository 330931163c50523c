/** Fixed-rate load: fires `perSecond` requests a second for `seconds`, records latency and status. */
export interface LoadResult {
  sent: number;
  errors: number;
  statuses: Record<number, number>;
  p50Ms: number;
  p99Ms: number;
}

export async function fixedRate(perSecond: number, seconds: number, fire: (i: number) => Promise<number>): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let errors = 0;
  const inflight: Promise<void>[] = [];
  const start = performance.now();
  const total = perSecond * seconds;
  for (let i = 0; i < total; i++) {
    const at = start + (i * 1000) / perSecond;
    const wait = at - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t0 = performance.now();
    inflight.push(
      fire(i)
        .then((status) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status >= 400) errors++;
        })
        .catch(() => {
          errors++;
        })
        .finally(() => latencies.push(performance.now() - t0)),
    );
  }
  await Promise.all(inflight);
  latencies.sort((a, b) => a - b);
  const q = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return { sent: total, errors, statuses, p50Ms: q(0.5), p99Ms: q(0.99) };
}
