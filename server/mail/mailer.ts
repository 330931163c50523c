/**
 * Delivery: ONE pooled nodemailer SMTP transport per process (SMTP_URL or the embedded catcher).
 *
 * - Back-pressure: a semaphore sized to the pool's connections bounds the sends in flight, so
 *   nodemailer's own queue never holds more than the pool can take; callers wait their turn.
 * - Retries: temporary failures (4xx replies, connection errors) are retried with exponential
 *   backoff and jitter, the slot released while waiting; permanent ones (5xx) fail at once with
 *   the server's reason. Nothing throws: every send ends as `sent` or `failed`.
 * - `close()` lets the sends in flight (and waiting) finish, then closes the pool.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../log.js';

export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  /** The ledger's message id: the Message-ID header is derived from it (bounces can be matched). */
  messageId?: { toHexString(): string } | string | null;
}

export interface SendResult {
  /** `unknown`: the connection broke mid-session, after which the server may have accepted the message. */
  status: 'sent' | 'failed' | 'unknown';
  smtpMessageId: string | null;
  error: string | null;
}

export interface MailerOptions {
  /** smtp:// or smtps:// URL (nodemailer syntax, query options allowed). */
  url: string;
  /** The From header (MAIL_FROM). */
  from: string;
  log: Logger;
  /** Pooled connections, and so the sends in flight (default 5). */
  poolSize?: number;
  /** Attempts for a temporary failure, the first included (default 4). */
  attempts?: number;
  /** First backoff in ms, multiplied by 4 each retry, capped by maxBackoffMs (defaults 250, 10,000). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Socket timeouts in ms (default 30,000). */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

/** Failures that say the server was never reached at all. */
const UNREACHED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** Connection failures. */
const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * What a failed send means for at-most-once delivery:
 * - `retry`: known not delivered: a 4xx reply, or a connection that never got a session (refused,
 *   unresolvable, or closed before the greeting: nodemailer's pool reports those without a command);
 * - `permanent`: a 5xx reply, or anything else the server will refuse again;
 * - `ambiguous`: the connection broke mid-session. SMTP cannot tell whether the message was
 *   accepted just before, so it is not sent again (a human can check; see the ledger's `review`).
 */
export function classifyFailure(err: SmtpError & { command?: string; originalCode?: string }): 'retry' | 'permanent' | 'ambiguous' {
  if (typeof err.responseCode === 'number') return err.responseCode >= 400 && err.responseCode < 500 ? 'retry' : 'permanent';
  if (err.code === 'EDNS' || (err.originalCode && UNREACHED.has(err.originalCode)) || (err.code && UNREACHED.has(err.code))) return 'retry';
  if (typeof err.code === 'string' && CONNECTION_CODES.has(err.code)) return err.command ? 'ambiguous' : 'retry';
  return 'permanent';
}

const describe = (err: SmtpError): string => (err.response ?? err.message ?? String(err)).replace(/\s+/g, ' ').trim().slice(0, 500);

function domainOf(from: string): string {
  const m = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from.trim());
  return m?.[1] ?? 'retainly.local';
}

export class Mailer {
  private readonly transport: Transporter;
  private readonly size: number;
  private readonly domain: string;
  private inFlight = 0;
  /** Sends begun and not ended (in flight, waiting for a slot, or between retries). */
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private drained: (() => void)[] = [];
  private closed = false;
  /** The most sends ever in flight at once (observability and tests). */
  maxInFlight = 0;

  constructor(private readonly opts: MailerOptions) {
    this.size = Math.max(1, opts.poolSize ?? 5);
    this.domain = domainOf(opts.from);
    const timeout = opts.timeoutMs ?? 30_000;
    this.transport = nodemailer.createTransport({
      url: opts.url,
      pool: true,
      maxConnections: this.size,
      maxMessages: 100,
      connectionTimeout: Math.min(timeout, 10_000),
      greetingTimeout: Math.min(timeout, 10_000),
      socketTimeout: timeout,
    } as never);
  }

  /** Sends in flight and sends waiting for a slot. */
  get load(): { inFlight: number; waiting: number } {
    return { inFlight: this.inFlight, waiting: this.waiting.length };
  }

  async send(email: OutgoingEmail): Promise<SendResult> {
    if (this.closed) return { status: 'failed', smtpMessageId: null, error: 'the mailer is closed' };
    this.active++;
    try {
      return await this.deliver(email);
    } finally {
      this.active--;
      if (this.active === 0) for (const d of this.drained.splice(0)) d();
    }
  }

  private async deliver(email: OutgoingEmail): Promise<SendResult> {
    const attempts = Math.max(1, this.opts.attempts ?? 4);
    const id = email.messageId ? (typeof email.messageId === 'string' ? email.messageId : email.messageId.toHexString()) : null;
    let last: SmtpError | null = null;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      await this.acquire();
      try {
        const info = await this.transport.sendMail({
          from: this.opts.from,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          headers: email.headers ?? {},
          ...(id ? { messageId: `<${id}@${this.domain}>` } : {}),
        });
        const rejected = (info.rejected ?? []) as unknown[];
        if (rejected.length > 0) return { status: 'failed', smtpMessageId: null, error: `recipient rejected: ${String(info.response ?? '')}`.trim() };
        return { status: 'sent', smtpMessageId: info.messageId ?? null, error: null };
      } catch (err) {
        last = err as SmtpError;
        const kind = classifyFailure(last);
        if (kind === 'ambiguous') {
          this.opts.log.warn({ messageId: id, code: last.code }, 'connection lost mid-send; the server may have accepted it: not resent');
          return { status: 'unknown', smtpMessageId: null, error: `connection lost during the send; it may have been delivered, so it was not sent again: ${describe(last)}` };
        }
        if (kind === 'permanent') {
          this.opts.log.warn({ messageId: id, code: last.code, responseCode: last.responseCode }, 'send failed permanently');
          return { status: 'failed', smtpMessageId: null, error: describe(last) };
        }
      } finally {
        this.release();
      }
      if (attempt < attempts) await this.backoff(attempt);
    }
    this.opts.log.warn({ messageId: id, code: last?.code, responseCode: last?.responseCode, attempts }, 'send failed after retries');
    return { status: 'failed', smtpMessageId: null, error: `temporary failure, ${attempts} attempts: ${last ? describe(last) : 'unknown'}` };
  }

  /** Whether the SMTP server answers (a connection and EHLO). */
  async check(): Promise<boolean> {
    try {
      return await this.transport.verify();
    } catch {
      return false;
    }
  }

  /** Lets every send in flight or waiting finish, then closes the pool. Sends after this fail. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.active > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
    this.transport.close();
  }

  private backoff(attempt: number): Promise<void> {
    const base = this.opts.backoffMs ?? 250;
    const ms = Math.min(this.opts.maxBackoffMs ?? 10_000, base * 4 ** (attempt - 1)) * (0.5 + Math.random() / 2);
    return (this.opts.sleep ?? ((t) => new Promise((r) => setTimeout(r, t))))(ms);
  }

  private acquire(): Promise<void> {
    if (this.inFlight < this.size) {
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands the slot to the next waiting send, or frees it. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight--;
  }
}
