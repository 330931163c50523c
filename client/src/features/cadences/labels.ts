/** Cadence words for people: statuses, skip conditions, why an enrollment ended. */
import type { CadenceStatus, EnrollmentStatus } from '../../api';
import { humanize } from '../../ui/format';

export const cadenceStatus: Record<CadenceStatus, { label: string; color: string; hint: string }> = {
  draft: { label: 'Draft', color: 'gray', hint: 'Not sending: activate it to enroll customers' },
  active: { label: 'Active', color: 'teal', hint: 'Enrolling customers who enter the segment and sending steps' },
  paused: { label: 'Paused', color: 'yellow', hint: 'Nothing is sent; enrolled customers keep their place' },
  archived: { label: 'Archived', color: 'dark', hint: 'Stopped for good; kept for its history' },
};

export const enrollmentStatus: Record<EnrollmentStatus, { label: string; color: string }> = {
  active: { label: 'Active', color: 'blue' },
  completed: { label: 'Completed', color: 'teal' },
  exited: { label: 'Exited', color: 'orange' },
};

export const skipIfOptions = [
  { value: 'opened_previous', label: 'If they opened the previous email' },
  { value: 'clicked_previous', label: 'If they clicked in the previous email' },
  { value: 'opened_any', label: 'If they opened any earlier email' },
  { value: 'clicked_any', label: 'If they clicked in any earlier email' },
] as const;

export type SkipIf = (typeof skipIfOptions)[number]['value'];

const knownEvents: Record<string, string> = {
  order_placed: 'Placed an order',
  cart_cleared: 'Cleared their cart',
  cart_updated: 'Updated their cart',
  email_clicked: 'Clicked an email',
  email_opened: 'Opened an email',
};

export function eventWords(type: string): string {
  return knownEvents[type] ?? `Did “${humanize(type)}”`;
}

const exitReasons: Record<string, string> = {
  left_segment: 'Left the segment',
  unsubscribed: 'Unsubscribed',
  bounced: 'Their address bounced',
  complained: 'Marked an email as spam',
  no_email: 'Has no email address',
  customer_erased: 'The customer was erased',
  cadence_archived: 'The cadence was archived',
};

/** Why an enrollment ended, in words ("event:order_placed" -> "Placed an order (an exit event)"). */
export function exitReasonWords(reason: string | null): string {
  if (!reason) return 'Ended';
  if (reason.startsWith('event:')) return `${eventWords(reason.slice(6))} (an exit event)`;
  return exitReasons[reason] ?? humanize(reason);
}
