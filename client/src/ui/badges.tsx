/** The customer's derived states as small, consistently coloured badges with a plain-words tooltip. */
import { Badge, Tooltip } from '@mantine/core';
import type { Lifecycle, SubscriptionStatus, Tier } from '../api';

const lifecycle: Record<Lifecycle, { label: string; color: string; hint: string }> = {
  prospect: { label: 'Prospect', color: 'gray', hint: 'No order yet' },
  new: { label: 'New', color: 'blue', hint: 'One order, within the last 30 days' },
  active: { label: 'Active', color: 'teal', hint: 'Last order within 90 days' },
  reactivated: { label: 'Reactivated', color: 'violet', hint: 'Ordered again after more than 180 days' },
  at_risk: { label: 'At risk', color: 'orange', hint: 'Last order 90 to 180 days ago' },
  lapsed: { label: 'Lapsed', color: 'red', hint: 'Last order more than 180 days ago' },
};

const tier: Record<Tier, { label: string; color: string }> = {
  platinum: { label: 'Platinum', color: 'brand' },
  gold: { label: 'Gold', color: 'yellow' },
  silver: { label: 'Silver', color: 'cyan' },
  bronze: { label: 'Bronze', color: 'orange' },
  none: { label: 'No tier', color: 'gray' },
};

const subscription: Record<SubscriptionStatus, { label: string; color: string; hint: string }> = {
  subscribed: { label: 'Subscribed', color: 'teal', hint: 'Receives marketing email' },
  unsubscribed: { label: 'Unsubscribed', color: 'gray', hint: 'Opted out; nothing is sent' },
  bounced: { label: 'Bounced', color: 'red', hint: 'The address bounced; nothing is sent' },
  complained: { label: 'Complained', color: 'red', hint: 'Marked an email as spam; nothing is sent' },
};

export function LifecycleBadge({ value }: { value: Lifecycle }) {
  const l = lifecycle[value];
  return (
    <Tooltip label={l.hint} withArrow>
      <Badge color={l.color}>{l.label}</Badge>
    </Tooltip>
  );
}

export function TierBadge({ value }: { value: Tier }) {
  const t = tier[value];
  return (
    <Badge color={t.color} variant={value === 'none' ? 'outline' : 'light'}>
      {t.label}
    </Badge>
  );
}

export function SubscriptionBadge({ value }: { value: SubscriptionStatus }) {
  const s = subscription[value];
  return (
    <Tooltip label={s.hint} withArrow>
      <Badge color={s.color} variant="dot">
        {s.label}
      </Badge>
    </Tooltip>
  );
}
