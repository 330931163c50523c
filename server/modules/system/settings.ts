/**
 * Process-wide settings kept in the database: the generated SECRET (so every process and every
 * restart signs alike) and the embedded catcher's address (so workers can send to it).
 */
import { randomBytes } from 'node:crypto';
import type { Collection, Db } from '../../db/driver.js';

interface SettingDoc {
  _id: string;
  value: string;
}

function settings(db: Db): Collection<SettingDoc> {
  return db.collection<SettingDoc>('settings');
}

/** SECRET from the environment, else the one stored at first start (created atomically). */
export async function resolveSecret(db: Db, fromEnv: string | undefined): Promise<string> {
  if (fromEnv) return fromEnv;
  const candidate = randomBytes(32).toString('base64url');
  await settings(db).updateOne({ _id: 'secret' }, { $setOnInsert: { value: candidate } }, { upsert: true });
  const doc = await settings(db).findOne({ _id: 'secret' });
  return doc!.value;
}

export async function getSetting(db: Db, key: string): Promise<string | null> {
  return (await settings(db).findOne({ _id: key }))?.value ?? null;
}

export async function setSetting(db: Db, key: string, value: string): Promise<void> {
  await settings(db).updateOne({ _id: key }, { $set: { value } }, { upsert: true });
}
