/**
 * What the cadence engine needs from other modules, as narrow interfaces. services.ts adapts the
 * segment engine, the template renderer and the mailer to them; tests can drive the engine with
 * the real modules the same way.
 */
import type { Types } from 'mongoose';
import type { CustomerDoc } from '../customers/index.js';

export interface Transition {
  _id: Types.ObjectId;
  segmentId: Types.ObjectId;
  customerId: Types.ObjectId;
  kind: 'entered' | 'exited';
  at: Date;
}

export interface SegmentPort {
  /** Entries and exits recorded and not yet consumed, oldest first. */
  pendingTransitions(limit: number): Promise<Transition[]>;
  earliestPendingTransitionAt(): Promise<Date | null>;
  markTransitionsConsumed(ids: Types.ObjectId[]): Promise<void>;
  exists(segmentId: string): Promise<boolean>;
  /** Throws the 400 (with paths under `path`) for an invalid rule tree. */
  validateRules(rules: unknown, path: (string | number)[]): Promise<void>;
  /** onlyIf at send time: which of these customers match the rules now (by customer id hex). */
  matching(rules: unknown, customers: CustomerDoc[], now: Date): Promise<Set<string>>;
  /** Refuses deleting a segment an active cadence uses. */
  addDeleteGuard(guard: (segmentId: string) => Promise<string | null>): void;
}

export interface RenderRecipient {
  messageId: Types.ObjectId;
  customer: CustomerDoc;
  cadence: { name: string };
  step: { index: number };
}

export interface RenderedEmail {
  messageId: Types.ObjectId;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** Targets of links whose href is per recipient, by link index (the click endpoint looks them up). */
  dynamicLinks: Record<string, string>;
}

export interface RenderPort {
  /** The current version of a template, or null when it does not exist. */
  currentVersion(templateId: string): Promise<number | null>;
  /** Renders one template version for many recipients (compiled once). */
  render(templateId: string, version: number, recipients: RenderRecipient[], now: Date): Promise<RenderedEmail[]>;
}

export interface SendResult {
  /** `unknown`: maybe delivered (connection lost mid-send); recorded for review, never resent. */
  status: 'sent' | 'failed' | 'unknown';
  smtpMessageId: string | null;
  error: string | null;
}

export interface MailPort {
  send(email: RenderedEmail): Promise<SendResult>;
}

/** Who an enrollment belongs to, for the enrollment list: customers by id, in one query. */
export interface CustomerLookup {
  /** The customers that still exist, by id hex. */
  byIds(ids: Types.ObjectId[]): Promise<Map<string, CustomerDoc>>;
}
