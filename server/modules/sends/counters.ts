/**
 * The numbers every report is made of, defined once: `countersOf(row)` is what one ledger row
 * contributes (the recompute sums it over the raw rows), and the ledger publishes the same
 * counters as deltas when a fact lands (the rollups add them up incrementally). Same definition,
 * so the two agree.
 */
import type { MessageDoc } from './message.model.js';

export const counterNames = ['sent', 'failed', 'uniqueOpens', 'uniqueClicks', 'opens', 'clicks', 'machineOpens', 'machineClicks', 'unsubscribes', 'bounces', 'complaints', 'conversions', 'revenue'] as const;
export type CounterName = (typeof counterNames)[number];
export type Counters = Record<CounterName, number>;

export function emptyCounters(): Counters {
  return Object.fromEntries(counterNames.map((n) => [n, 0])) as Counters;
}

/** What a row counts for, in its send's cohort (day of `sentAt`, cadence, step, segment). */
export function countersOf(m: MessageDoc): Counters {
  const c = emptyCounters();
  if (m.status === 'failed') c.failed = 1;
  if (m.status !== 'sent' || !m.sentAt) return c;
  c.sent = 1;
  c.uniqueOpens = m.openedAt ? 1 : 0;
  c.uniqueClicks = m.clickedAt ? 1 : 0;
  c.opens = m.opens ?? 0;
  c.clicks = m.clicks ?? 0;
  c.machineOpens = m.machineOpens ?? 0;
  c.machineClicks = m.machineClicks ?? 0;
  c.unsubscribes = m.unsubscribedAt ? 1 : 0;
  c.bounces = m.bouncedAt ? 1 : 0;
  c.complaints = m.complainedAt ? 1 : 0;
  c.conversions = m.conversions ?? 0;
  c.revenue = m.revenue ?? 0;
  return c;
}

/** The cohort a row's numbers belong to. */
export interface Cohort {
  sentAt: Date;
  cadenceId: MessageDoc['cadenceId'];
  segmentId: MessageDoc['segmentId'];
  step: number;
}

export interface LedgerDelta {
  cohort: Cohort;
  counts: Partial<Counters>;
}

export type DeltaListener = (deltas: LedgerDelta[]) => Promise<void>;

export function cohortOf(m: Pick<MessageDoc, 'sentAt' | 'createdAt' | 'cadenceId' | 'segmentId' | 'step'>): Cohort {
  return { sentAt: m.sentAt ?? m.createdAt, cadenceId: m.cadenceId, segmentId: m.segmentId, step: m.step };
}
