/** System: what the health, clock and outbox endpoints answer (the web client types itself from these). */

/** `GET /health` (public). */
export interface HealthView {
  status: 'ok' | 'degraded';
  db: 'ok' | 'down';
  smtp: string;
  version: string;
}

/** `GET /clock`; `POST /clock/advance` answers `{ now }`. */
export interface ClockView {
  mode: 'real' | 'manual';
  now: string;
}

/** One email captured by the embedded SMTP catcher (`GET /outbox`, `GET /outbox/:id`). */
export interface OutboxMessageView {
  id: string;
  receivedAt: string;
  envelope: { from: string | null; to: string[] };
  messageId: string | null;
  subject: string;
  from: string;
  to: string;
  headers: Record<string, string>;
  html: string | null;
  text: string | null;
}
