/**
 * What to do with one due step, decided from data loaded for the whole batch: exit, complete,
 * record without sending (expired, suppressed, skipped), wait (quiet hours, frequency cap), or send.
 * Pure: the engine loads, this decides, the engine writes.
 */
import { DAY_MS, durationMs, type ClockMode } from '../../clock.js';
import type { CustomerDoc } from '../customers/index.js';
import type { MessageDoc } from '../sends/index.js';
import type { CadenceDoc, EnrollmentDoc } from './cadence.model.js';
import { afterQuietHours, nextFreeSlot } from './schedule.js';

export type Decision =
  | { kind: 'exit'; reason: string }
  | { kind: 'complete' }
  | { kind: 'record'; status: 'expired' | 'suppressed' | 'skipped'; reason: string; thenExit?: string }
  | { kind: 'wait'; until: Date; reason: 'quiet_hours' | 'frequency_cap' }
  | { kind: 'send' };

export interface StepContext {
  now: Date;
  mode: ClockMode;
  cadence: CadenceDoc | undefined;
  enrollment: EnrollmentDoc;
  customer: CustomerDoc | undefined;
  /** Exit-event types this customer performed since enrolling. */
  exitEvents: string[];
  /** This enrollment's earlier ledger rows. */
  previous: MessageDoc[];
  /** The customer's sends (any cadence) recently, including ones decided earlier in this batch. */
  recentSends: Date[];
  /** Whether onlyIf holds (undefined when the step has none). */
  onlyIfHolds: boolean | undefined;
}

const EXPIRE_AFTER_MS = DAY_MS;

export function decideStep(c: StepContext): Decision {
  const { cadence, enrollment: e, customer, now } = c;
  if (!cadence || cadence.status === 'archived') return { kind: 'exit', reason: 'cadence_archived' };
  if (!customer) return { kind: 'exit', reason: 'customer_erased' };
  const step = cadence.steps[e.currentStep];
  if (!step) return { kind: 'complete' };
  if (c.mode === 'real' && e.nextStepAt && now.getTime() - e.nextStepAt.getTime() > EXPIRE_AFTER_MS) {
    return { kind: 'record', status: 'expired', reason: 'more than 24 hours past due' };
  }
  if (cadence.exitOn.leftSegment && !customer.segments.some((s) => s.equals(cadence.segmentId))) return { kind: 'exit', reason: 'left_segment' };
  if (c.exitEvents.length) return { kind: 'exit', reason: `event:${c.exitEvents[0]}` };
  if (customer.subscription.status !== 'subscribed') {
    return { kind: 'record', status: 'suppressed', reason: customer.subscription.status, thenExit: customer.subscription.status };
  }
  if (!customer.email) return { kind: 'record', status: 'suppressed', reason: 'no_email', thenExit: 'no_email' };
  const skip = skipReason(step.skipIf, c.previous, e.currentStep);
  if (skip) return { kind: 'record', status: 'skipped', reason: skip };
  if (c.onlyIfHolds === false) return { kind: 'record', status: 'skipped', reason: 'only_if' };
  const quietEnd = afterQuietHours(now, customer.timezone, cadence.quietHours);
  if (quietEnd.getTime() > now.getTime()) return { kind: 'wait', until: quietEnd, reason: 'quiet_hours' };
  const cap = cadence.frequencyCap ? { max: cadence.frequencyCap.max, perMs: durationMs(cadence.frequencyCap.per) } : null;
  const slot = nextFreeSlot(now, c.recentSends, cap);
  if (slot.getTime() > now.getTime()) return { kind: 'wait', until: slot, reason: 'frequency_cap' };
  return { kind: 'send' };
}

function skipReason(skipIf: string | undefined, previous: MessageDoc[], stepIndex: number): string | null {
  if (!skipIf) return null;
  const sent = previous.filter((m) => m.step < stepIndex && m.status === 'sent');
  const prev = sent.filter((m) => m.step === Math.max(...sent.map((x) => x.step)));
  const pool = skipIf.endsWith('_previous') ? prev : sent;
  const hit = skipIf.startsWith('opened') ? pool.some((m) => m.openedAt) : pool.some((m) => m.clickedAt);
  return hit ? skipIf : null;
}
