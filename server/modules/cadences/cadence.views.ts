/** Stored cadence documents -> the API's views. */
import type { CustomerDoc } from '../customers/index.js';
import type { CadenceDoc, EnrollmentDoc } from './cadence.model.js';
import type { CadenceView, EnrollmentView } from './cadence.schema.js';

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

export function enrollmentView(e: EnrollmentDoc, customer?: CustomerDoc): EnrollmentView {
  return {
    id: e._id.toHexString(),
    cadenceId: e.cadenceId.toHexString(),
    customerId: e.customerId.toHexString(),
    customer: customer ? { email: customer.email ?? null, firstName: customer.firstName ?? null, lastName: customer.lastName ?? null } : null,
    status: e.status,
    exitReason: e.exitReason,
    currentStep: e.currentStep,
    nextStepAt: iso(e.nextStepAt),
    enrolledAt: e.enrolledAt.toISOString(),
    completedAt: iso(e.completedAt),
  };
}
