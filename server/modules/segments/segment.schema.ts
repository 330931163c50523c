/** Segments: what the API takes (create, patch, preview, history) and the Segment it returns. */
import { z } from 'zod';
import { isoDateSchema } from '../../lib/schemas.js';
import { rulesSchema, type RuleNode } from './rule.schema.js';

export const segmentStatuses = ['building', 'ready'] as const;
export type SegmentStatus = (typeof segmentStatuses)[number];

const name = z.string().trim().min(1, 'must not be empty').max(200);
const description = z.string().max(2000);

export const segmentCreateSchema = z.strictObject({
  name,
  description: description.optional(),
  rules: rulesSchema,
});
export type SegmentCreate = z.infer<typeof segmentCreateSchema>;

export const segmentPatchSchema = z
  .strictObject({ name: name.optional(), description: description.optional(), rules: rulesSchema.optional() })
  .refine((p) => p.name !== undefined || p.description !== undefined || p.rules !== undefined, { message: 'give at least one of name, description, rules' });
export type SegmentPatch = z.infer<typeof segmentPatchSchema>;

export const previewSchema = z.strictObject({ rules: rulesSchema });

const MAX_HISTORY_DAYS = 366;
export const historyQuerySchema = z
  .object({ from: isoDateSchema.optional(), to: isoDateSchema.optional() })
  .refine((q) => !q.from || !q.to || q.from.getTime() <= q.to.getTime(), { message: 'from must not be after to', path: ['from'] })
  .refine((q) => !q.from || !q.to || (q.to.getTime() - q.from.getTime()) / 86_400_000 < MAX_HISTORY_DAYS, { message: `at most ${MAX_HISTORY_DAYS} days at a time`, path: ['to'] });

/** The Segment the API returns (contract section 5). */
export interface SegmentView {
  id: string;
  name: string;
  description: string;
  rules: RuleNode;
  status: SegmentStatus;
  memberCount: number;
  /** When membership was last built from the rules (null while the first build runs). */
  builtAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface HistoryDay {
  /** YYYY-MM-DD, UTC. */
  date: string;
  /** Members at the end of the day. */
  members: number;
  entered: number;
  exited: number;
}

export interface PreviewResult<C> {
  count: number;
  sample: C[];
}
