/**
 * The one clock, and the registry of due work hung on it.
 *
 * Domain code asks `clock.now()`, never `Date.now()`. In `real` mode that is wall time and Agenda
 * jobs call `runDue` for each registered piece of work. In `manual` mode time stands still and moves
 * only through `advance`, which runs every due item up to the target, earliest first, through the
 * same `runDue` handlers, so a simulated eight weeks behaves like eight real ones.
 *
 * An advance may also be given a `tick`: due work then runs as a worker polling every `tick` would
 * run it (real mode polls every WORKER_POLL_INTERVAL): at the first tick boundary at or after it is
 * due, everything due by then together, in the registry's order. Long simulations use it to batch
 * work that would otherwise run one due time at a time.
 */
export type ClockMode = 'real' | 'manual';

export interface Clock {
  readonly mode: ClockMode;
  now(): Date;
}

export class RealClock implements Clock {
  readonly mode = 'real' as const;
  now(): Date {
    return new Date();
  }
}

export class ManualClock implements Clock {
  readonly mode = 'manual' as const;
  private t: number;
  constructor(start: Date = new Date()) {
    this.t = start.getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  /** Moves forward only: a clock that runs backwards would re-open settled work. */
  set(to: Date): void {
    this.t = Math.max(this.t, to.getTime());
  }
}

/** A kind of work that becomes due with time (a time flip, a cadence step, a buffered write). */
export interface DueWork {
  readonly name: string;
  /**
   * How many passes one process may run side by side (default 1). Only for work that claims its
   * items atomically, so parallel passes never take the same item (cadence steps).
   */
  readonly parallel?: number;
  /** The earliest time anything of this kind is due, or null when nothing is pending. */
  nextDueAt(): Promise<Date | null>;
  /** Runs (a batch of) what is due at or before `now`; returns how many items it handled. */
  runDue(now: Date): Promise<number>;
}

/** Something buffered in memory that the advance (and shutdown) must write out first. */
export interface Flushable {
  readonly name: string;
  flush(): Promise<void>;
}

const MAX_IDLE_ROUNDS = 3;

export class DueWorkRegistry {
  private readonly works = new Map<string, DueWork>();
  private readonly flushables: Flushable[] = [];
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly clock: Clock) {}

  register(work: DueWork): void {
    if (this.works.has(work.name)) throw new Error(`due work ${work.name} registered twice`);
    this.works.set(work.name, work);
  }

  registerFlushable(f: Flushable): void {
    this.flushables.push(f);
  }

  names(): string[] {
    return [...this.works.keys()];
  }

  get(name: string): DueWork | undefined {
    return this.works.get(name);
  }

  async flushAll(): Promise<void> {
    for (const f of this.flushables) await f.flush();
  }

  /** Real mode: one pass of one kind of work at the current time (called by its Agenda job). */
  async runOne(name: string): Promise<number> {
    const work = this.works.get(name);
    if (!work) throw new Error(`unknown due work ${name}`);
    let total = 0;
    for (;;) {
      const n = await work.runDue(this.clock.now());
      total += n;
      if (n === 0) return total;
    }
  }

  /**
   * Manual mode: moves the clock to `target`, running every due item on the way in time order.
   * Advances are serialised; a second caller waits for the first.
   */
  advance(target: Date, opts: { tickMs?: number } = {}): Promise<Date> {
    const run = this.chain.then(() => this.advanceNow(target, opts.tickMs));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async advanceNow(target: Date, tickMs?: number): Promise<Date> {
    const clock = this.clock;
    if (!(clock instanceof ManualClock)) throw new Error('advance needs the manual clock');
    let idle = 0;
    let lastKey = '';
    for (;;) {
      await this.flushAll();
      const next = await this.earliestDue();
      if (!next || next.at.getTime() > target.getTime()) break;
      let handled: number;
      let key: string;
      if (tickMs) {
        // The first tick boundary at or after the due time (never past the target), then every work.
        const at = Math.min(target.getTime(), Math.ceil(next.at.getTime() / tickMs) * tickMs);
        clock.set(new Date(at));
        handled = await this.runEveryWork(clock.now());
        key = `tick@${clock.now().getTime()}`;
      } else {
        clock.set(next.at);
        handled = await next.work.runDue(clock.now());
        key = `${next.work.name}@${next.at.getTime()}`;
      }
      // A handler that reports due work but handles none would spin forever: fail loudly instead.
      idle = handled === 0 && key === lastKey ? idle + 1 : 0;
      lastKey = key;
      if (idle >= MAX_IDLE_ROUNDS) throw new Error(`due work ${next.work.name} is due at ${next.at.toISOString()} but handles nothing`);
    }
    clock.set(target);
    await this.flushAll();
    return clock.now();
  }

  /** One poll of every kind of work at `now`, in registration order, each until it has nothing due. */
  private async runEveryWork(now: Date): Promise<number> {
    let total = 0;
    for (const work of this.works.values()) {
      for (;;) {
        await this.flushAll();
        const n = await work.runDue(now);
        total += n;
        if (n === 0) break;
      }
    }
    return total;
  }

  private async earliestDue(): Promise<{ work: DueWork; at: Date } | null> {
    let best: { work: DueWork; at: Date } | null = null;
    for (const work of this.works.values()) {
      const at = await work.nextDueAt();
      if (at && (!best || at.getTime() < best.at.getTime())) best = { work, at };
    }
    return best;
  }
}

const units = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
export const durationPattern = /^(\d{1,9})([smhdw])$/;

/** "90m" -> milliseconds. The caller has validated the string against `durationPattern`. */
export function durationMs(duration: string): number {
  const m = durationPattern.exec(duration);
  if (!m) throw new Error(`not a duration: ${duration}`);
  return Number(m[1]) * units[m[2] as keyof typeof units];
}

export const DAY_MS = units.d;
