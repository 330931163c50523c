/** Cadences (contract section 7): the body a marketer posts, and what the API returns. */
import { z } from 'zod';
import { durationSchema, objectIdSchema } from '../../lib/schemas.js';
import { eventTypeSchema } from '../events/index.js';
import { validTimeOfDay } from './schedule.js';

export const skipIfValues = ['opened_previous', 'clicked_previous', 'opened_any', 'clicked_any'] as const;
export const cadenceStatuses = ['draft', 'active', 'paused', 'archived'] as const;
export type CadenceStatus = (typeof cadenceStatuses)[number];

const timeOfDay = z.string().regex(validTimeOfDay, 'must be a time of day like "21:00"');

export const stepSchema = z.strictObject({
  delay: durationSchema,
  templateId: objectIdSchema,
  skipIf: z.enum(skipIfValues).optional(),
  /** A segment rule tree (validated by the segment engine's schema when the cadence is saved). */
  onlyIf: z.unknown().optional(),
});
export type Step = z.infer<typeof stepSchema>;

export const cadenceInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  segmentId: objectIdSchema,
  steps: z.array(stepSchema).min(1, 'a cadence needs at least one step').max(50),
  exitOn: z
    .strictObject({
      leftSegment: z.boolean().default(true),
      events: z.array(eventTypeSchema).max(20).default([]),
    })
    .default({ leftSegment: true, events: [] }),
  reentry: z
    .discriminatedUnion('mode', [z.strictObject({ mode: z.literal('never') }), z.strictObject({ mode: z.literal('after'), after: durationSchema })])
    .default({ mode: 'never' }),
  quietHours: z.strictObject({ start: timeOfDay, end: timeOfDay }).nullable().optional(),
  frequencyCap: z.strictObject({ max: z.number().int().min(1).max(1000), per: durationSchema }).nullable().optional(),
  status: z.enum(['draft', 'active']).default('draft'),
});
export type CadenceInput = z.infer<typeof cadenceInputSchema>;

export const cadencePatchSchema = cadenceInputSchema.omit({ status: true }).partial().strict();
export type CadencePatch = z.infer<typeof cadencePatchSchema>;

export const activateSchema = z.strictObject({ enrollExisting: z.boolean().default(true) }).default({ enrollExisting: true });

export const enrollmentStatuses = ['active', 'completed', 'exited'] as const;
export type EnrollmentStatus = (typeof enrollmentStatuses)[number];

export interface CadenceView extends Omit<CadenceInput, 'status'> {
  id: string;
  status: CadenceStatus;
  version: number;
  stepCounts?: StepCounts[];
  enrollments?: { active: number; completed: number; exited: number };
  activatedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface StepCounts {
  step: number;
  sent: number;
  failed: number;
  suppressed: number;
  skipped: number;
  expired: number;
  review: number;
  opened: number;
  clicked: number;
  converted: number;
  delayed: number;
}

export interface EnrollmentView {
  id: string;
  cadenceId: string;
  customerId: string;
  /** Who it is, for lists (null when the customer is gone). */
  customer: { email: string | null; firstName: string | null; lastName: string | null } | null;
  status: EnrollmentStatus;
  exitReason: string | null;
  currentStep: number;
  nextStepAt: string | null;
  enrolledAt: string;
  completedAt: string | null;
}

export const enrollmentQuerySchema = z.object({
  status: z.enum(enrollmentStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
