/** A customer's events and emails, newest first, each in one readable line. */
import { Badge, Button, Card, Group, Loader, Text, ThemeIcon, Timeline, Tooltip } from '@mantine/core';
import { useState } from 'react';
import type { EventTimelineItem, TimelineItem } from '../../api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDateTime, formatMoney, formatRelative, humanize } from '../../ui/format';
import { IconBag, IconBolt, IconCart, IconClick, IconEye, IconMail, IconMailOff, IconSegments, type Icon } from '../../ui/icons';
import { SectionTitle } from '../../ui/Page';
import { useServerNow } from '../system/system.api';
import { useCustomerTimeline } from './customers.api';
import classes from './customers.module.css';

const STEP = 50;
const MAX = 500;

const quantity = (item: unknown): number => {
  const q = (item as { quantity?: unknown } | null)?.quantity;
  return typeof q === 'number' && q > 0 ? q : 1;
};

const str = (v: unknown): string | undefined => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);

/** What the timeline shows for one item: an icon, a title and one line of detail. */
function describe(item: TimelineItem): { icon: Icon; title: string; detail?: string; color: string } {
  if (item.kind === 'event') {
    const e = item as EventTimelineItem;
    const p = e.properties ?? {};
    // Items count by quantity, as the cart does.
    const items = Array.isArray(p.items) ? p.items.reduce((n: number, it: unknown) => n + quantity(it), 0) : undefined;
    switch (e.type) {
      case 'order_placed':
        return { icon: IconBag, color: 'teal', title: 'Placed an order', detail: [str(p.orderId) && `#${str(p.orderId)}`, typeof p.total === 'number' && formatMoney(p.total, str(p.currency)), items !== undefined && `${items} item${items === 1 ? '' : 's'}`].filter(Boolean).join(' · ') };
      case 'cart_updated':
        return { icon: IconCart, color: 'orange', title: 'Updated the cart', detail: [items !== undefined && `${items} item${items === 1 ? '' : 's'}`, typeof p.total === 'number' && formatMoney(p.total, str(p.currency))].filter(Boolean).join(' · ') || undefined };
      case 'cart_cleared':
        return { icon: IconCart, color: 'gray', title: 'Cleared the cart' };
      case 'page_viewed':
      case 'product_viewed':
        return { icon: IconEye, color: 'gray', title: e.type === 'page_viewed' ? 'Viewed a page' : 'Viewed a product', detail: str(p.url) ?? str(p.sku) ?? str(p.category) };
      case 'email_sent':
      case 'email_opened':
        return { icon: IconMail, color: 'brand', title: e.type === 'email_sent' ? 'Was sent an email' : 'Opened an email', detail: str(p.subject) };
      case 'email_clicked':
        return { icon: IconClick, color: 'brand', title: 'Clicked a link in an email', detail: str(p.url) };
      case 'unsubscribed':
      case 'email_bounced':
      case 'email_complained':
        return { icon: IconMailOff, color: 'red', title: humanize(e.type) };
      default: {
        const shown = Object.entries(p)
          .filter(([, v]) => str(v) !== undefined)
          .slice(0, 3)
          .map(([k, v]) => `${k}: ${str(v)}`)
          .join(' · ');
        return { icon: IconBolt, color: 'grape', title: humanize(e.type), detail: shown || undefined };
      }
    }
  }
  if (item.kind === 'message') {
    const status = str(item.status) ?? 'sent';
    const engaged = item.clickedAt ? 'clicked' : item.openedAt ? 'opened' : undefined;
    return { icon: IconMail, color: 'brand', title: `Email ${status}${str(item.subject) ? `: ${str(item.subject)}` : ''}`, detail: engaged && `Then ${engaged}` };
  }
  if (item.kind === 'segment_entered' || item.kind === 'segment_exited') {
    return { icon: IconSegments, color: item.kind === 'segment_entered' ? 'teal' : 'gray', title: item.kind === 'segment_entered' ? 'Entered a segment' : 'Left a segment', detail: str(item.segmentName) };
  }
  return { icon: IconBolt, color: 'gray', title: humanize(item.kind) };
}

export function CustomerTimeline({ customerId }: { customerId: string }) {
  const [limit, setLimit] = useState(STEP);
  const timeline = useCustomerTimeline(customerId, limit);
  const now = useServerNow();
  const items = timeline.data?.items ?? [];
  return (
    <Card>
      <SectionTitle aside={timeline.isFetching && <Loader size={16} aria-label="Loading activity" />}>Timeline</SectionTitle>
      {timeline.error ? (
        <ErrorAlert error={timeline.error} onRetry={() => timeline.refetch()} />
      ) : timeline.isPending ? null : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No activity yet. Events from the shop (orders, carts, page views) and the emails Retainly sends appear here, newest first.
        </Text>
      ) : (
        <>
          <Timeline bulletSize={30} lineWidth={2} className={classes.timeline} data-testid="timeline">
            {items.map((item, i) => {
              const d = describe(item);
              return (
                <Timeline.Item
                  key={`${item.kind}-${String(item.id ?? i)}`}
                  bullet={
                    <ThemeIcon size={30} radius="xl" variant="light" color={d.color}>
                      <d.icon size={16} />
                    </ThemeIcon>
                  }
                  title={
                    <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                      <Text size="sm" fw={500}>
                        {d.title}
                      </Text>
                      <Tooltip label={formatDateTime(item.at)} withArrow>
                        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                          {formatRelative(item.at, now)}
                        </Text>
                      </Tooltip>
                    </Group>
                  }
                >
                  {d.detail && (
                    <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                      {d.detail}
                    </Text>
                  )}
                  {item.kind === 'message' && typeof item.status === 'string' && item.status !== 'sent' && (
                    <Badge size="sm" color="gray" mt={4}>
                      {item.status}
                    </Badge>
                  )}
                </Timeline.Item>
              );
            })}
          </Timeline>
          {items.length >= limit && limit < MAX && (
            <Button variant="subtle" size="xs" mt="md" onClick={() => setLimit(Math.min(limit + STEP, MAX))}>
              Show older activity
            </Button>
          )}
        </>
      )}
    </Card>
  );
}
