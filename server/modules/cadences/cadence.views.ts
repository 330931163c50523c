/** Stored cadence documents -> the API's views. */
import type { CadenceDoc, EnrollmentDoc, MessageDoc } from './cadence.model.js';
import type { CadenceView, EnrollmentView, MessageView } from './cadence.schema.js';

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export function cadenceView(c: CadenceDoc): CadenceView {
  return {
    id: c._id.toHexString(),
    name: c.name,
    segmentId: c.segmentId.toHexString(),
    steps: c.steps,
    exitOn: c.exitOn,
    reentry: c.reentry,
    quietHours: c.quietHours ?? null,
    frequencyCap: c.frequencyCap ?? null,
    status: c.status,
    version: c.version,
    activatedAt: iso(c.activatedAt),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export function enrollmentView(e: EnrollmentDoc): EnrollmentView {
  return {
    id: e._id.toHexString(),
    cadenceId: e.cadenceId.toHexString(),
    customerId: e.customerId.toHexString(),
    status: e.status,
    exitReason: e.exitReason,
    currentStep: e.currentStep,
    nextStepAt: iso(e.nextStepAt),
    enrolledAt: e.enrolledAt.toISOString(),
    completedAt: iso(e.completedAt),
  };
}

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
    opens: m.opens,
    clicks: m.clicks,
    createdAt: m.createdAt.toISOString(),
  };
}
