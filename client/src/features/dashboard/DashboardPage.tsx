/**
 * The dashboard: the figures of a chosen range (headline, sends over time, per segment, segment
 * sizes), the newest customers and captured emails, the state of the server, and the first steps
 * while there is no data.
 */
import { Anchor, Badge, Card, Group, List, SimpleGrid, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { usePermissions } from '../../app/session';
import { LifecycleBadge } from '../../ui/badges';
import { CodeSnippet } from '../../ui/CodeSnippet';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDateTime, formatRelative, fullName } from '../../ui/format';
import { Page, SectionTitle } from '../../ui/Page';
import { Stat } from '../../ui/Stat';
import { useCustomerList } from '../customers/customers.api';
import { useOutbox } from '../outbox/outbox.api';
import { useClock, useHealth, useOutboxAvailable, useServerNow } from '../system/system.api';
import { DateRangePicker } from '../../ui/DateRangePicker';
import { useRangeParam } from '../reports/range';
import { DashboardAnalytics } from './DashboardAnalytics';
import classes from './dashboard.module.css';

export function DashboardPage() {
  const customers = useCustomerList({ limit: 6 });
  const outbox = useOutboxAvailable();
  const noCustomers = customers.isSuccess && customers.data.items.length === 0;
  const { range, today, setRange } = useRangeParam();
  return (
    <Page title="Dashboard" description="How your emails do, the latest activity in Retainly and the state of this server." actions={<DateRangePicker value={range} onChange={setRange} today={today} />}>
      {noCustomers && <GettingStarted />}
      <DashboardAnalytics range={range} />
      <SimpleGrid cols={{ base: 1, md: outbox ? 2 : 1 }} spacing="lg">
        <RecentCustomers />
        {outbox && <RecentEmails />}
      </SimpleGrid>
      <ServerCard />
    </Page>
  );
}

function GettingStarted() {
  const { canWrite, isAdmin } = usePermissions();
  return (
    <Card className={classes.start}>
      <SectionTitle>Get started</SectionTitle>
      <List type="ordered" spacing="sm" size="sm" classNames={{ item: classes.item, itemWrapper: classes.itemWrapper }}>
        <List.Item>
          <Text size="sm" fw={500}>
            Bring in your customers
          </Text>
          <Text size="sm" c="dimmed">
            {canWrite ? (
              <>
                <Anchor component={Link} to="/customers" underline="always">
                  Import a CSV file
                </Anchor>{' '}
                of your customer list, or let your shop send them through the API.
              </>
            ) : (
              'A marketer imports a CSV file of customers, or your shop sends them through the API.'
            )}
          </Text>
        </List.Item>
        <List.Item>
          <Text size="sm" fw={500}>
            Send events from your shop
          </Text>
          <Text size="sm" c="dimmed">
            Orders, carts and page views build each customer's stats, RFM tier and lifecycle:
          </Text>
          <CodeSnippet mt={6}>{`POST /api/v1/events  {"type":"order_placed","email":"ada@example.com","properties":{"orderId":"1001","total":120}}`}</CodeSnippet>
        </List.Item>
        <List.Item>
          <Text size="sm" fw={500}>
            Give your shop an API key
          </Text>
          <Text size="sm" c="dimmed">
            {isAdmin ? (
              <>
                Create one in{' '}
                <Anchor component={Link} to="/settings/api-keys" underline="always">
                  Settings
                </Anchor>
                , one per integration.
              </>
            ) : (
              'An admin creates one per integration in Settings.'
            )}
          </Text>
        </List.Item>
      </List>
    </Card>
  );
}

function RecentCustomers() {
  const customers = useCustomerList({ limit: 6 });
  const now = useServerNow();
  return (
    <Card>
      <SectionTitle aside={<Anchor component={Link} to="/customers" size="sm">All customers</Anchor>}>Newest customers</SectionTitle>
      {customers.error ? (
        <ErrorAlert error={customers.error} onRetry={() => customers.refetch()} />
      ) : customers.data?.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          None yet. Customers appear as soon as they are imported or your shop sends them.
        </Text>
      ) : (
        <Stack gap="sm">
          {customers.data?.items.map((c) => (
            <Group key={c.id} justify="space-between" wrap="nowrap" gap="sm">
              <Stack gap={0} miw={0}>
                <Anchor component={Link} to={`/customers/${c.id}`} size="sm" fw={500} c="var(--mantine-color-text)" truncate>
                  {fullName(c) || c.email}
                </Anchor>
                <Text size="xs" c="dimmed">
                  Added {formatRelative(c.createdAt, now)}
                </Text>
              </Stack>
              <LifecycleBadge value={c.lifecycle} />
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function RecentEmails() {
  const outbox = useOutbox('');
  const latest = outbox.data?.pages[0]?.items.slice(0, 6) ?? [];
  return (
    <Card>
      <SectionTitle aside={<Anchor component={Link} to="/outbox" size="sm">Open the outbox</Anchor>}>Newest emails</SectionTitle>
      {outbox.error ? (
        <ErrorAlert error={outbox.error} onRetry={() => outbox.refetch()} />
      ) : outbox.isSuccess && latest.length === 0 ? (
        <Text size="sm" c="dimmed">
          No email captured yet. What cadences and test sends deliver appears in the outbox.
        </Text>
      ) : (
        <Stack gap="sm">
          {latest.map((m) => (
            <Stack key={m.id} gap={0} miw={0}>
              <Anchor component={Link} to={`/outbox/${m.id}`} size="sm" fw={500} c="var(--mantine-color-text)" truncate>
                {m.subject || '(no subject)'}
              </Anchor>
              <Text size="xs" c="dimmed" truncate>
                To {m.envelope.to.join(', ')} · {formatDateTime(m.receivedAt)}
              </Text>
            </Stack>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function ServerCard() {
  const health = useHealth();
  const clock = useClock();
  const h = health.data;
  const c = clock.data;
  return (
    <Card>
      <SectionTitle>This server</SectionTitle>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: c?.mode === 'manual' ? 5 : 4 }} spacing="lg">
        <Stat compact label="Database" value={h ? <Badge color={h.db === 'ok' ? 'teal' : 'red'}>{h.db === 'ok' ? 'Connected' : 'Unreachable'}</Badge> : '—'} />
        <Stat compact label="Email delivery" value={h ? (h.smtp === 'embedded' ? 'Embedded catcher (outbox)' : 'SMTP_URL') : '—'} />
        <Stat compact label="Clock" value={c ? (c.mode === 'manual' ? 'Simulated' : 'Real time') : '—'} />
        {c?.mode === 'manual' && <Stat compact label="Simulated now" value={formatDateTime(c.now)} />}
        <Stat compact label="Version" value={h?.version ?? '—'} />
      </SimpleGrid>
    </Card>
  );
}
