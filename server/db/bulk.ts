/**
 * Updating many documents by id: one `updateOne` per id in a single unordered bulk write rather
 * than `updateMany({ _id: { $in } })`. One round trip either way, and on MongoDB both use the _id
 * index; the compatible server answers `updateMany` with `$in` by scanning the whole collection
 * (measured: 143 ms against 47 ms for 500 ids among 200,000 documents). `extra` narrows each
 * update (a claim, a state), as it would have narrowed the updateMany.
 */
import type { mongo } from 'mongoose';
import type { Collection } from './driver.js';

export async function updateEachById<T extends mongo.Document>(collection: Collection<T>, ids: unknown[], update: mongo.UpdateFilter<T>, extra: mongo.Filter<T> = {}): Promise<{ matchedCount: number; modifiedCount: number }> {
  if (!ids.length) return { matchedCount: 0, modifiedCount: 0 };
  const ops = ids.map((_id) => ({ updateOne: { filter: { ...extra, _id } as mongo.Filter<T>, update } }));
  const res = await collection.bulkWrite(ops as mongo.AnyBulkWriteOperation<T>[], { ordered: false });
  return { matchedCount: res.matchedCount, modifiedCount: res.modifiedCount };
}
