/** The send ledger as the API shows it (contract section 7, `GET /api/v1/messages`). */
import { z } from 'zod';
import { objectIdSchema } from '../../lib/schemas.js';

/**
 * `sending`: written before the SMTP call (at most once); `review`: maybe delivered (the connection
 * broke mid-send, or the row was found still `sending` when its step came round again after a
 * crash): never resent, for a person to check and resolve (`POST /messages/:id/resolve`).
 */
export const messageStatuses = ['sending', 'sent', 'failed', 'suppressed', 'skipped', 'expired', 'review'] as const;
export type MessageStatus = (typeof messageStatuses)[number];

export interface MessageView {
  id: string;
  customerId: string | null;
  cadenceId: string;
  enrollmentId: string;
  step: number;
  segmentId: string;
  templateId: string;
  templateVersion: number;
  to: string | null;
  subject: string | null;
  status: MessageStatus;
  reason: string | null;
  sentAt: string | null;
  openedAt: string | null;
  clickedAt: string | null;
  opens: number;
  clicks: number;
  machineOpens: number;
  machineClicks: number;
  unsubscribedAt: string | null;
  bouncedAt: string | null;
  complainedAt: string | null;
  conversions: number;
  revenue: number;
  /** When a person resolved this message from `review` (see resolveSchema); null otherwise. */
  resolvedAt: string | null;
  createdAt: string;
}

export const messageQuerySchema = z.object({
  customerId: objectIdSchema.optional(),
  cadenceId: objectIdSchema.optional(),
  segmentId: objectIdSchema.optional(),
  status: z.enum(messageStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
  /** Only rows newer than this row id (polling what was recorded since). */
  after: z.string().max(200).optional(),
});
export type MessageQuery = z.infer<typeof messageQuerySchema>;

/**
 * `POST /api/v1/messages/:id/resolve`: a person's verdict on a message under `review` (from the
 * SMTP provider's logs, say): `delivered` makes it `sent`, otherwise `failed`. Never resent.
 */
export const resolveSchema = z.strictObject({
  delivered: z.boolean(),
  note: z.string().trim().min(1).max(500).optional(),
});
export type ResolveInput = z.infer<typeof resolveSchema>;
