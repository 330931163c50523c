/** Stored ledger row -> the API's Message. */
import type { MessageDoc } from './message.model.js';
import type { MessageView } from './message.schema.js';

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export function messageView(m: MessageDoc): MessageView {
  return {
    id: m._id.toHexString(),
    customerId: m.customerId?.toHexString() ?? null,
    cadenceId: m.cadenceId.toHexString(),
    enrollmentId: m.enrollmentId.toHexString(),
    step: m.step,
    segmentId: m.segmentId.toHexString(),
    templateId: m.templateId.toHexString(),
    templateVersion: m.templateVersion,
    to: m.to,
    subject: m.subject,
    status: m.status,
    reason: m.reason,
    sentAt: iso(m.sentAt),
    openedAt: iso(m.openedAt),
    clickedAt: iso(m.clickedAt),
    opens: m.opens ?? 0,
    clicks: m.clicks ?? 0,
    machineOpens: m.machineOpens ?? 0,
    machineClicks: m.machineClicks ?? 0,
    unsubscribedAt: iso(m.unsubscribedAt),
    bouncedAt: iso(m.bouncedAt),
    complainedAt: iso(m.complainedAt),
    conversions: m.conversions ?? 0,
    revenue: m.revenue ?? 0,
    resolvedAt: iso(m.resolvedAt),
    createdAt: m.createdAt.toISOString(),
  };
}
