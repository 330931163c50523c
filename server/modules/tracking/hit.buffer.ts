/**
 * Tracking hits wait here, in memory, and are written in bulk: the open pixel and the click
 * redirect answer at once. The buffer is flushed every `intervalMs` (1 s; contract: recorded within
 * 2 s), by the clock advance, and on shutdown. A crash loses at most the hits of the last interval
 * (plus a flush in flight). Bounded: past `max` hits a flush starts at once; past twice that (a
 * database outage) the oldest hits are dropped and counted, so memory never grows without limit.
 * A flush that fails puts its hits back for the next one.
 */
import type { Logger } from '../../log.js';
import type { Hit } from './machine.js';

export type TrackedHit = Hit & { target?: string };

export class HitBuffer {
  private hits: TrackedHit[] = [];
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  dropped = 0;

  constructor(
    private readonly write: (hits: TrackedHit[]) => Promise<void>,
    private readonly log: Logger,
    private readonly max = 50_000,
  ) {}

  get size(): number {
    return this.hits.length;
  }

  push(hit: TrackedHit): void {
    this.hits.push(hit);
    if (this.hits.length >= this.max) void this.flush().catch(() => undefined);
    if (this.hits.length > 2 * this.max) {
      const extra = this.hits.length - 2 * this.max;
      this.hits.splice(0, extra);
      this.dropped += extra;
      this.log.error({ dropped: extra, total: this.dropped }, 'tracking buffer full (database unreachable?): oldest hits dropped');
    }
  }

  /** Writes everything buffered so far; concurrent callers share one flush, then run another if more came. */
  async flush(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
    if (!this.hits.length) return;
    const batch = this.hits;
    this.hits = [];
    this.running = this.write(batch).catch((err: unknown) => {
      this.hits = [...batch, ...this.hits];
      throw err;
    });
    try {
      await this.running;
    } finally {
      this.running = null;
    }
  }

  start(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.flush().catch((err: Error) => this.log.warn({ err: err.message, pending: this.hits.length }, 'tracking flush failed; will retry'));
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and writes what is left (shutdown). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}
