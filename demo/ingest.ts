/**
 * Loads the generated store through the real ingestion path: the customers as one CSV import
 * (`POST /api/v1/customers/import`), then their history as `POST /api/v1/events` in batches of 500,
 * each event with its idempotency key (loading the same store twice counts nothing twice).
 */
import type { RetainlyApi } from './api.js';
import type { DemoCustomer, DemoEvent, DemoStore } from './store.js';

export const EVENT_BATCH = 500;

interface ImportResult {
  created: number;
  updated: number;
  rejected: { line: number; error: string }[];
}

interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: { index: number; error: string }[];
}

const CSV_COLUMNS = ['externalId', 'email', 'firstName', 'lastName', 'timezone', 'locale', 'subscribed', 'attributes.country', 'attributes.signedUpAt', 'attributes.acquisition'] as const;

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function customersCsv(customers: readonly DemoCustomer[]): string {
  const rows = customers.map((c) =>
    [c.externalId, c.email, c.firstName, c.lastName, c.timezone, c.locale, c.subscribed ? 'true' : 'false', c.country, c.signedUpAt.toISOString(), c.acquisition].map(csvCell).join(','),
  );
  return `${CSV_COLUMNS.join(',')}\n${rows.join('\n')}\n`;
}

/** The wire form of an event: identified by the shop's customer id. */
export function eventBody(e: DemoEvent): Record<string, unknown> {
  return { type: e.type, externalId: e.externalId, occurredAt: e.occurredAt.toISOString(), properties: e.properties, idempotencyKey: e.idempotencyKey };
}

/** Sends events in batches of 500; every one must be accepted (or be a known duplicate). */
export async function sendEvents(api: RetainlyApi, events: readonly DemoEvent[]): Promise<{ accepted: number; duplicates: number }> {
  let accepted = 0;
  let duplicates = 0;
  for (let i = 0; i < events.length; i += EVENT_BATCH) {
    const res = await api.post<IngestResult>('/api/v1/events', { events: events.slice(i, i + EVENT_BATCH).map(eventBody) });
    if (res.rejected.length) throw new Error(`events rejected: ${JSON.stringify(res.rejected.slice(0, 3))}`);
    accepted += res.accepted;
    duplicates += res.duplicates;
  }
  return { accepted, duplicates };
}

export interface LoadFigures {
  customers: number;
  events: number;
  duplicates: number;
  importMs: number;
  eventsMs: number;
}

export async function loadStore(api: RetainlyApi, store: DemoStore, progress: (line: string) => void = () => {}): Promise<LoadFigures> {
  let t = performance.now();
  const imported = await api.postCsv<ImportResult>('/api/v1/customers/import', customersCsv(store.customers));
  if (imported.rejected.length) throw new Error(`customers rejected: ${JSON.stringify(imported.rejected.slice(0, 3))}`);
  const importMs = performance.now() - t;
  progress(`  imported ${imported.created + imported.updated} customers from CSV in ${(importMs / 1000).toFixed(1)} s`);
  t = performance.now();
  const sent = await sendEvents(api, store.events);
  const eventsMs = performance.now() - t;
  progress(`  ingested ${sent.accepted + sent.duplicates} history events in batches of ${EVENT_BATCH} in ${(eventsMs / 1000).toFixed(1)} s`);
  return { customers: imported.created + imported.updated, events: sent.accepted, duplicates: sent.duplicates, importMs, eventsMs };
}
