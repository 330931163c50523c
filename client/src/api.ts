/**
 * The one way the web client talks to the API: JSON in and out, the session cookie, the CSRF
 * header on writes, and the contract's error envelope turned into an `ApiError` the UI can show
 * (with field-level details for forms). Response types come from the server's *.schema.ts files
 * as types only, so the client cannot drift from the API; each feature's `*.api.ts` builds on this.
 */
export type { ApiKeyView, CreatedApiKeyView, LoginView, MeView, Role, UserView } from '../../server/modules/auth/auth.schema.js';
export type {
  CartStatus,
  CustomerView,
  ImportResult,
  Lifecycle,
  SubscriptionStatus,
  Tier,
  TimelineItem,
} from '../../server/modules/customers/customer.schema.js';
export type { EventTimelineItem } from '../../server/modules/events/event.schema.js';
export type { ClockView, HealthView, OutboxMessageView } from '../../server/modules/system/system.schema.js';
export type { Page } from '../../server/lib/schemas.js';
export type { CountOp, EventCondition, FieldCondition, FieldOp, FieldType, RuleNode } from '../../server/modules/segments/rule.schema.js';
export type { CatalogEvent, CatalogField, RuleCatalog } from '../../server/modules/segments/rule.catalog.js';
export type { HistoryDay, PreviewResult, SegmentStatus, SegmentView } from '../../server/modules/segments/segment.schema.js';
export type { CadenceReport, Metrics, OverviewReport, SegmentReport, SegmentReportRow, SegmentTimeseries, StepReportRow, TimeseriesPoint } from '../../server/modules/reports/report.schema.js';
export type { InstallResult } from '../../server/modules/starters/starter.schema.js';
export type { RenderedPreview, TemplateSummary, TemplateVersionView, TemplateView, VersionSummary } from '../../server/modules/templates/template.schema.js';
export type { CadenceStatus, CadenceView, EnrollmentStatus, EnrollmentView, Step, StepCounts } from '../../server/modules/cadences/cadence.schema.js';
export type { MessageView } from '../../server/modules/sends/message.schema.js';

export const API_BASE = '/api/v1';

/** One entry of the error envelope's `details` (contract section 2). */
export interface ErrorDetail {
  path?: string;
  field?: string;
  line?: number;
  message: string;
}

/** A refused or failed request, as the contract's envelope describes it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The message for one form field (its dotted path), if the server named it. */
  fieldError(field: string): string | undefined {
    return this.details.find((d) => (d.field ?? d.path) === field)?.message;
  }

  /** Details that name no field the form shows, for a summary under the form. */
  otherDetails(shownFields: string[]): ErrorDetail[] {
    return this.details.filter((d) => !shownFields.includes(d.field ?? d.path ?? ''));
  }
}

export const isUnauthenticated = (err: unknown): boolean => err instanceof ApiError && err.status === 401;

/** The field's message when `err` is an ApiError naming it; for a form field's `error` prop. */
export function fieldError(err: unknown, field: string): string | undefined {
  return err instanceof ApiError ? err.fieldError(field) : undefined;
}

let csrfToken: string | null = null;

/** Set at login and by `GET /auth/me`; sent as X-CSRF-Token on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

interface RequestOptions {
  query?: Query;
  /** A JSON body. */
  json?: unknown;
  /** A raw body (a CSV file) with its content type. */
  raw?: { body: BodyInit; contentType: string };
  signal?: AbortSignal;
}

async function errorFrom(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: ErrorDetail[] } } | null;
  const e = body?.error;
  if (e?.code && e.message) return new ApiError(res.status, e.code, e.message, Array.isArray(e.details) ? e.details : []);
  return new ApiError(res.status, res.status >= 500 ? 'internal' : 'http_error', `The server answered ${res.status} ${res.statusText}`.trim());
}

export async function request<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.raw) {
    headers['Content-Type'] = opts.raw.contentType;
    body = opts.raw.body;
  }
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery(API_BASE + path, opts.query), { method, headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'Cannot reach the server. Check that Retainly is running, then try again.');
  }
  if (!res.ok) throw await errorFrom(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, json?: unknown) => request<T>('POST', path, { json: json ?? {} }),
  patch: <T>(path: string, json: unknown) => request<T>('PATCH', path, { json }),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
  upload: <T>(path: string, body: Blob, contentType: string) => request<T>('POST', path, { raw: { body, contentType } }),
};
