/**
 * How the rest of the system reaches into cadences: a profile hook that ends enrollments at once on
 * an exit event or an unsubscribe (also between steps), and erasure.
 */
import type { Types } from 'mongoose';
import type { ProfileHook } from '../customers/index.js';
import type { CadenceModels } from './cadence.model.js';
import type { CadenceCache } from './cadence.cache.js';
import type { EnrollmentEngine } from './enrollment.engine.js';

export function exitHook(cache: CadenceCache, engine: EnrollmentEngine): ProfileHook {
  return {
    name: 'cadence-exits',
    beforeWrite: async () => {},
    afterWrite: async (changes, now) => {
      const exitTypes = await cache.exitEventTypes();
      const suppressed = new Map<string, Types.ObjectId[]>();
      for (const c of changes) {
        const status = c.after.subscription.status;
        if (status !== 'subscribed' && c.before.subscription.status === 'subscribed') suppressed.set(status, [...(suppressed.get(status) ?? []), c.after._id]);
      }
      for (const [status, ids] of suppressed) await engine.exitAll(ids, status, now);
      if (!exitTypes.size) return;
      const byType = new Map<string, Types.ObjectId[]>();
      for (const c of changes) {
        for (const e of c.events) if (exitTypes.has(e.type)) byType.set(e.type, [...(byType.get(e.type) ?? []), c.after._id]);
      }
      for (const [type, ids] of byType) await engine.exit(exitTypes.get(type)!, ids, `event:${type}`, now);
    },
  };
}

/** Erasure: the customer's enrollments go (the ledger anonymises its own rows). */
export function cadenceErasure(models: CadenceModels) {
  return async (customerId: Types.ObjectId): Promise<void> => {
    await models.Enrollment.deleteMany({ customerId });
  };
}
