import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import type { CustomerDoc } from '../customers/index.js';
import type { CadenceDoc, EnrollmentDoc } from './cadence.model.js';
import { decideStep, type StepContext } from './step.decide.js';

const segmentId = new Types.ObjectId();
const cadence = { _id: new Types.ObjectId(), status: 'active', segmentId, steps: [{ delay: '1h', templateId: 'x' }], exitOn: { leftSegment: true, events: [] }, quietHours: null, frequencyCap: null } as unknown as CadenceDoc;
const customer = { _id: new Types.ObjectId(), email: 'a@example.com', timezone: 'UTC', segments: [segmentId], subscription: { status: 'subscribed' } } as unknown as CustomerDoc;
const due = new Date('2026-05-01T10:00:00Z');
const enrollment = { _id: new Types.ObjectId(), currentStep: 0, nextStepAt: due } as unknown as EnrollmentDoc;
const ctx = (over: Partial<StepContext>): StepContext => ({ now: due, mode: 'real', cadence, enrollment, customer, exitEvents: [], previous: [], recentSends: [], onlyIfHolds: undefined, ...over });

describe('a due step in real clock mode', () => {
  it('is sent when found on time or up to 24 hours late', () => {
    expect(decideStep(ctx({})).kind).toBe('send');
    expect(decideStep(ctx({ now: new Date(due.getTime() + 24 * 3_600_000) })).kind).toBe('send');
  });
  it('is recorded as expired, not sent, when found more than 24 hours past due (after an outage or a restore)', () => {
    expect(decideStep(ctx({ now: new Date(due.getTime() + 24 * 3_600_000 + 1) }))).toEqual({ kind: 'record', status: 'expired', reason: 'more than 24 hours past due' });
  });
  it('never expires in manual clock mode, where the advance runs everything in time order', () => {
    expect(decideStep(ctx({ mode: 'manual', now: new Date(due.getTime() + 30 * 86_400_000) })).kind).toBe('send');
  });
});
