/**
 * Agenda job names and payloads. Each kind of due work (customer time checks, event repair, and
 * later segment builds and cadence steps) is one recurring job that claims what is due in batches;
 * nothing creates a job per customer or per step.
 */
import { z } from 'zod';

export const dueWorkJobName = (work: string): string => `due-work:${work}`;

/**
 * Payload of a due-work job: its lane. Each work has a few recurring lane jobs, so up to that many
 * workers poll it side by side; the work claims its items atomically, so lanes never overlap.
 */
export const DUE_WORK_LANES = 4;
export const dueWorkPayloadSchema = z.object({ lane: z.number().int().min(0).max(DUE_WORK_LANES - 1) });
export type DueWorkPayload = z.infer<typeof dueWorkPayloadSchema>;
