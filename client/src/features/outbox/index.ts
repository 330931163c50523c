/** Outbox: the embedded SMTP catcher's emails (only on servers without SMTP_URL). */
import type { Section } from '../../app/section';
import { IconOutbox } from '../../ui/icons';

const page = async () => ({ Component: (await import('./OutboxPage')).OutboxPage });

export const outboxSection: Section = {
  path: 'outbox',
  label: 'Outbox',
  icon: IconOutbox,
  requires: 'outbox',
  // One route for the list and the selected email, so picking one keeps the list (and its filter).
  routes: [{ path: ':id?', lazy: page }],
};
