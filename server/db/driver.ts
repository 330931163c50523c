/**
 * Driver types as mongoose's own MongoDB driver declares them (other packages bring other copies
 * of `mongodb`; using mongoose's keeps one set of types for one connection).
 */
import type { mongo } from 'mongoose';

export type Db = mongo.Db;
export type Collection<T extends mongo.Document> = mongo.Collection<T>;
export type Filter<T> = mongo.Filter<T>;
export type AnyBulkWriteOperation<T extends mongo.Document> = mongo.AnyBulkWriteOperation<T>;
export type ObjectId = mongo.ObjectId;
