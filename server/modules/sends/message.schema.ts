/** The send ledger as the API shows it (contract section 7, `GET /api/v1/messages`). */
import { z } from 'zod';
import { objectIdSchema } from '../../lib/schemas.js';

/**
 * `sending`: written before the SMTP call (at most once); `review`: found still `sending` when its
 * step came round again (a crash after the SMTP hand-off, maybe sent): never resent, for a human to check.
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
