/** The cards of a customer profile: engagement stats, RFM, cart, details, attributes, segments. */
import { Anchor, Badge, Card, DataList, Group, Progress, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { CustomerView } from '../../api';
import { LifecycleBadge, SubscriptionBadge, TierBadge } from '../../ui/badges';
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPercent, formatRelative } from '../../ui/format';
import { SectionTitle } from '../../ui/Page';
import { Stat } from '../../ui/Stat';
import { useServerNow } from '../system/system.api';
import { SegmentLabel } from './SegmentLabel';

const rate = (part: unknown, whole: unknown): string | undefined =>
  typeof part === 'number' && typeof whole === 'number' && whole > 0 ? `${formatPercent(part / whole)} of sent` : undefined;

export function StatsCard({ c }: { c: CustomerView }) {
  const s = c.stats;
  const now = useServerNow();
  return (
    <Card>
      <SectionTitle>Activity</SectionTitle>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="lg" verticalSpacing="lg">
        <Stat size="md" label="Orders" value={formatNumber(s.ordersCount)} />
        <Stat size="md" label="Total spent" value={formatMoney(s.totalSpent)} />
        <Stat size="md" label="Average order" value={formatMoney(s.avgOrderValue)} />
        <Stat size="md" label="Last order" value={formatRelative(s.lastOrderAt, now)} hint={s.firstOrderAt ? `First: ${formatDate(s.firstOrderAt)}` : undefined} />
        <Stat size="md" label="Last seen" value={formatRelative(s.lastSeenAt, now)} />
        <Stat size="md" label="Emails sent" value={formatNumber(s.emailsSent)} hint={s.lastEmailSentAt ? `Last: ${formatRelative(s.lastEmailSentAt, now)}` : undefined} />
        <Stat size="md" label="Opened" value={formatNumber(s.emailsOpened)} hint={rate(s.emailsOpened, s.emailsSent)} />
        <Stat size="md" label="Clicked" value={formatNumber(s.emailsClicked)} hint={rate(s.emailsClicked, s.emailsSent)} />
      </SimpleGrid>
    </Card>
  );
}

const rfmMeaning = {
  recency: ['no order', 'over a year ago', 'within a year', 'within 180 days', 'within 90 days', 'within 30 days'],
  frequency: ['no order', '1 order', '2 orders', '3 or more orders', '5 or more orders', '10 or more orders'],
  monetary: ['no order', 'under 50 spent', '50 or more spent', '200 or more spent', '500 or more spent', '1,000 or more spent'],
} as const;

export function RfmCard({ c }: { c: CustomerView }) {
  const rows = [
    { key: 'recency', label: 'Recency', value: c.rfm.recency },
    { key: 'frequency', label: 'Frequency', value: c.rfm.frequency },
    { key: 'monetary', label: 'Monetary', value: c.rfm.monetary },
  ] as const;
  return (
    <Card>
      <SectionTitle aside={<TierBadge value={c.rfm.tier} />}>RFM</SectionTitle>
      {c.rfm.tier === 'none' ? (
        <Text size="sm" c="dimmed">
          No orders yet: recency, frequency and monetary scores start with the first order.
        </Text>
      ) : (
        <Stack gap="sm">
          <Group gap="xs" align="baseline">
            <Text size="xl" fw={650} className="tabular" data-testid="rfm-score">
              {c.rfm.score}
            </Text>
            <Text size="sm" c="dimmed">
              score (R F M, each 1–5)
            </Text>
          </Group>
          {rows.map((r) => (
            <div key={r.key}>
              <Group justify="space-between" gap="xs" mb={4}>
                <Text size="sm" fw={500}>
                  {r.label}
                </Text>
                <Text size="xs" c="dimmed">
                  {r.value} · {rfmMeaning[r.key][r.value] ?? ''}
                </Text>
              </Group>
              <Progress value={(r.value / 5) * 100} size="sm" aria-label={`${r.label} ${r.value} of 5`} />
            </div>
          ))}
        </Stack>
      )}
      <Group gap="xs" mt="md">
        <Text size="sm" c="dimmed">
          Lifecycle
        </Text>
        <LifecycleBadge value={c.lifecycle} />
      </Group>
    </Card>
  );
}

export function CartCard({ c }: { c: CustomerView }) {
  const cart = c.cart;
  const now = useServerNow();
  const label = { none: 'No cart', open: 'Open', converted: 'Converted to an order', cleared: 'Cleared' }[cart.status];
  return (
    <Card>
      <SectionTitle aside={<Badge color={cart.status === 'open' ? 'orange' : 'gray'}>{label}</Badge>}>Cart</SectionTitle>
      {cart.status === 'none' ? (
        <Text size="sm" c="dimmed">
          No cart activity yet. <code>cart_updated</code> events from the shop show the cart here.
        </Text>
      ) : (
        <Stack gap="sm">
          <Group justify="space-between">
            <Text size="sm">
              {formatNumber(cart.itemCount)} item{cart.itemCount === 1 ? '' : 's'}, {formatMoney(cart.total, cart.currency)}
            </Text>
            <Text size="xs" c="dimmed">
              {formatRelative(cart.updatedAt, now)}
            </Text>
          </Group>
          {cart.items.length > 0 && (
            <Table verticalSpacing={6} highlightOnHover={false} fz="sm">
              <Table.Tbody>
                {cart.items.slice(0, 8).map((item, i) => (
                  <Table.Tr key={i}>
                    <Table.Td>{item.name ?? item.sku ?? 'Item'}</Table.Td>
                    <Table.Td ta="right" c="dimmed" className="tabular">
                      {item.quantity ?? 1} × {formatMoney(item.price, cart.currency)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {cart.checkoutUrl && cart.status === 'open' && (
            <Anchor href={cart.checkoutUrl} target="_blank" rel="noreferrer" size="sm">
              Open the checkout link
            </Anchor>
          )}
        </Stack>
      )}
    </Card>
  );
}

export function DetailsCard({ c }: { c: CustomerView }) {
  return (
    <Card>
      <SectionTitle>Details</SectionTitle>
      <DataList size="sm" labelWidth={110} gap="xs">
        <Item label="Email">{c.email ?? '—'}</Item>
        <Item label="External ID">{c.externalId ?? '—'}</Item>
        <Item label="Subscription">
          <Group gap={6}>
            <SubscriptionBadge value={c.subscription.status} />
            {c.subscription.updatedAt && (
              <Text size="xs" c="dimmed">
                since {formatDate(c.subscription.updatedAt)}
              </Text>
            )}
          </Group>
        </Item>
        <Item label="Timezone">{c.timezone}</Item>
        <Item label="Locale">{c.locale}</Item>
        <Item label="Created">{formatDateTime(c.createdAt)}</Item>
        <Item label="Updated">{formatDateTime(c.updatedAt)}</Item>
      </DataList>
    </Card>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

// Date attributes come back as ISO timestamps: show them as dates.
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Nested attributes as dotted paths, the way segment rules name them (`attributes.plan.name`). */
function flatten(value: unknown, prefix = ''): [string, string][] {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
  }
  const text = Array.isArray(value)
    ? value.map(String).join(', ')
    : value === null || value === undefined
      ? '—'
      : typeof value === 'string' && ISO_TIMESTAMP.test(value)
        ? formatDateTime(value)
        : String(value);
  return [[prefix, text]];
}

export function AttributesCard({ c }: { c: CustomerView }) {
  const rows = flatten(c.attributes);
  return (
    <Card>
      <SectionTitle>Attributes</SectionTitle>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          None yet. Attributes come from <code>attributes</code> in the API or <code>attributes.&lt;name&gt;</code> CSV columns, and segment rules can use them.
        </Text>
      ) : (
        <DataList size="sm" labelWidth={110} gap="xs">
          {rows.map(([k, v]) => (
            <Item key={k} label={k}>
              {v}
            </Item>
          ))}
        </DataList>
      )}
    </Card>
  );
}

export function SegmentsCard({ c }: { c: CustomerView }) {
  return (
    <Card>
      <SectionTitle>Segments</SectionTitle>
      {c.segments.length === 0 ? (
        <Text size="sm" c="dimmed">
          Not in any segment.
        </Text>
      ) : (
        <Stack gap={6} align="flex-start">
          {c.segments.map((id) => (
            <SegmentLabel key={id} id={id} />
          ))}
        </Stack>
      )}
    </Card>
  );
}
