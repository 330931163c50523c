/** Cursor paging over `_id` (newest first): the cursor is the last id of the previous page. */
import { Types } from 'mongoose';
import { AppError } from '../http/errors.js';

import type { Page } from './schemas.js';

export type { Page };

export function decodeCursor(cursor: string | undefined): Types.ObjectId | undefined {
  if (!cursor) return undefined;
  if (!/^[0-9a-f]{24}$/.test(cursor)) {
    throw new AppError('validation_failed', 'The cursor is not valid', [{ path: 'cursor', message: 'not a cursor from a previous page' }]);
  }
  return new Types.ObjectId(cursor);
}

/**
 * `after`: only items newer than the one with this id (exclusive), for polling what is new since the
 * newest item seen; it combines with `cursor` to page through them, newest first.
 */
export function decodeAfter(after: string | undefined): Types.ObjectId | undefined {
  if (!after) return undefined;
  if (!/^[0-9a-f]{24}$/.test(after)) {
    throw new AppError('validation_failed', 'after must be the id of an item', [{ path: 'after', message: 'must be a 24-hex id' }]);
  }
  return new Types.ObjectId(after);
}

/** The `_id` condition for a page: older than the cursor, newer than `after`. */
export function idRange(before: Types.ObjectId | undefined, after: Types.ObjectId | undefined): Record<string, Types.ObjectId> | undefined {
  if (!before && !after) return undefined;
  return { ...(before ? { $lt: before } : {}), ...(after ? { $gt: after } : {}) };
}

/** Takes `limit + 1` rows fetched newest-first and turns them into a page. */
export function toPage<R extends { _id: Types.ObjectId }, T>(rows: R[], limit: number, map: (r: R) => T): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return { items: kept.map(map), nextCursor: more && last ? last._id.toHexString() : null };
}
