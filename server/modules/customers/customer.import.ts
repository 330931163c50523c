/**
 * CSV import: streamed (never the whole file in memory), upserted in batches, rejected lines
 * reported with their line number while the good ones are kept.
 */
import type { Readable } from 'node:stream';
import { parse as csvParse } from 'csv-parse';
import { Types } from 'mongoose';
import type { z } from 'zod';
import { customerUpsertSchema, type CustomerUpsert, type ImportResult } from './customer.schema.js';
import type { CustomerService } from './customer.service.js';
import type { CustomerDoc } from './customer.model.js';
import { applyUpsert } from './customer.upsert.js';

const BATCH = 500;
const KNOWN = new Set(['email', 'externalId', 'firstName', 'lastName', 'timezone', 'locale', 'subscribed']);


function issueText(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ');
}

/** A CSV record (all strings) -> the upsert body, or a reason it is not one. */
export function rowToUpsert(row: Record<string, string>): { ok: true; value: CustomerUpsert } | { ok: false; error: string } {
  const body: Record<string, unknown> = {};
  const attributes: Record<string, unknown> = {};
  for (const [col, raw] of Object.entries(row)) {
    const value = raw.trim();
    if (col.startsWith('attributes.')) {
      if (value !== '') setPath(attributes, col.slice('attributes.'.length).split('.'), csvValue(value));
    } else if (col === 'subscribed') {
      if (value !== '') body.subscribed = /^(true|yes|1)$/i.test(value) ? true : /^(false|no|0)$/i.test(value) ? false : value;
    } else if (KNOWN.has(col)) {
      if (value !== '') body[col] = value;
    } else if (col !== '') {
      return { ok: false, error: `unknown column ${col}` };
    }
  }
  if (Object.keys(attributes).length) body.attributes = attributes;
  const parsed = customerUpsertSchema.safeParse(body);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: issueText(parsed.error) };
}

function csvValue(v: string): unknown {
  if (/^-?\d+(\.\d+)?$/.test(v) && v.length < 16) return Number(v);
  if (/^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  return v;
}

function setPath(obj: Record<string, unknown>, path: string[], value: unknown): void {
  let cur = obj;
  path.forEach((key, i) => {
    if (i === path.length - 1) cur[key] = value;
    else {
      const next = cur[key];
      cur[key] = next && typeof next === 'object' ? next : {};
      cur = cur[key] as Record<string, unknown>;
    }
  });
}

export async function importCustomersCsv(service: CustomerService, input: Readable): Promise<ImportResult> {
  const result: ImportResult = { created: 0, updated: 0, rejected: [] };
  const parser = input.pipe(
    csvParse({ columns: (header: string[]) => header.map((h) => h.trim()), bom: true, skip_empty_lines: true, relax_column_count: false, info: true, max_record_size: 64 * 1024 }),
  );
  let batch: { line: number; value: CustomerUpsert }[] = [];
  try {
    for await (const rec of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      const row = rowToUpsert(rec.record);
      if (!row.ok) result.rejected.push({ line: rec.info.lines, error: row.error });
      else batch.push({ line: rec.info.lines, value: row.value });
      if (batch.length >= BATCH) {
        await upsertBatch(service, batch, result);
        batch = [];
      }
    }
  } catch (err) {
    // A malformed line (unbalanced quotes, wrong column count) ends the parse: keep what came before.
    const e = err as { code?: string; message: string; lines?: number };
    result.rejected.push({ line: e.lines ?? -1, error: `CSV cannot be read from here on: ${e.message}` });
    input.resume();
  }
  if (batch.length) await upsertBatch(service, batch, result);
  return result;
}

/** Batched upsert: one lookup, one insertMany, one profile write per batch. */
async function upsertBatch(service: CustomerService, rows: { line: number; value: CustomerUpsert }[], result: ImportResult): Promise<void> {
  // The same customer twice in one batch: later rows go through the single-row path, in order.
  const seen = new Set<string>();
  const first: typeof rows = [];
  const later: typeof rows = [];
  for (const r of rows) {
    const keys = [`e:${r.value.email.toLowerCase()}`, ...(r.value.externalId ? [`x:${r.value.externalId}`] : [])];
    (keys.some((k) => seen.has(k)) ? later : first).push(r);
    keys.forEach((k) => seen.add(k));
  }
  const col = service.collection;
  const emails = first.map((r) => r.value.email.toLowerCase());
  const exts = first.flatMap((r) => (r.value.externalId ? [r.value.externalId] : []));
  const existing = await col.find({ $or: [{ emailKey: { $in: emails } }, { externalId: { $in: exts } }] }).toArray();
  const byEmail = new Map(existing.filter((d) => d.emailKey).map((d) => [d.emailKey!, d]));
  const byExt = new Map(existing.filter((d) => d.externalId).map((d) => [d.externalId!, d]));

  const now = service.now();
  const creates: CustomerDoc[] = [];
  const createLines: number[] = [];
  const updates = new Map<string, CustomerUpsert>();
  for (const r of first) {
    const v = r.value;
    const byE = byEmail.get(v.email.toLowerCase());
    const target = (v.externalId && byExt.get(v.externalId)) || byE;
    if (v.externalId && !byExt.get(v.externalId) && byE?.externalId && byE.externalId !== v.externalId) {
      result.rejected.push({ line: r.line, error: 'email belongs to a customer with another externalId' });
    } else if (target) {
      updates.set(target._id.toHexString(), v);
    } else {
      creates.push(service.docFromUpsert(v, now));
      createLines.push(r.line);
    }
  }
  if (creates.length) {
    const failed = new Set<number>();
    try {
      await col.insertMany(creates, { ordered: false });
    } catch (err) {
      for (const we of (err as { writeErrors?: { index: number }[] }).writeErrors ?? []) failed.add(we.index);
      if (!failed.size) throw err;
    }
    const ok = creates.filter((_, i) => !failed.has(i));
    result.created += ok.length;
    if (ok.length) await service.writer.mutate(ok.map((d) => d._id), () => undefined, 'import');
    for (const i of failed) later.push({ line: createLines[i]!, value: rowOf(creates[i]!) });
  }
  if (updates.size) {
    const ids = [...updates.keys()].map((id) => new Types.ObjectId(id));
    await service.writer.mutate(ids, (c) => applyUpsert(c, updates.get(c._id.toHexString())!, now), 'import');
    result.updated += updates.size;
  }
  for (const r of later) {
    try {
      const { created } = await service.upsert(r.value);
      if (created) result.created++;
      else result.updated++;
    } catch (err) {
      result.rejected.push({ line: r.line, error: (err as Error).message });
    }
  }
  result.rejected.sort((a, b) => a.line - b.line);
}

function rowOf(d: CustomerDoc): CustomerUpsert {
  return {
    email: d.email!,
    externalId: d.externalId,
    firstName: d.firstName ?? undefined,
    lastName: d.lastName ?? undefined,
    timezone: d.timezone,
    locale: d.locale,
    attributes: d.attributes,
    subscribed: d.subscription.status === 'subscribed',
  };
}
