/** Customers: search by email prefix, page through the list, open a profile, import a CSV. */
import { Alert, Anchor, Box, Button, Card, EmptyState, Group, Loader, Stack, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import type { CustomerView } from '../../api';
import { usePermissions } from '../../app/session';
import { LifecycleBadge, SubscriptionBadge, TierBadge } from '../../ui/badges';
import { CodeSnippet } from '../../ui/CodeSnippet';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatMoney, formatNumber, formatRelative, fullName } from '../../ui/format';
import { IconCheck, IconChevronLeft, IconChevronRight, IconCustomers, IconSearch, IconUpload } from '../../ui/icons';
import { Page } from '../../ui/Page';
import { useServerNow } from '../system/system.api';
import { useCustomerList } from './customers.api';
import { ImportDialog } from './ImportDialog';
import classes from './customers.module.css';
import lists from '../../ui/lists.module.css';

const PAGE_SIZE = 25;

export function CustomersPage() {
  const { canWrite } = usePermissions();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(search.trim(), 250);
  // The cursors of the pages before the current one; a new search starts again at page one.
  const [paging, setPaging] = useState<{ q: string; cursors: string[] }>({ q, cursors: [] });
  const cursors = paging.q === q ? paging.cursors : [];
  const list = useCustomerList({ q: q || undefined, cursor: cursors[cursors.length - 1], limit: PAGE_SIZE });
  const [importing, setImporting] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();
  const erased = (location.state as { erased?: string } | null)?.erased;

  const onSearch = (value: string) => {
    setSearch(value);
    const next = new URLSearchParams(params);
    if (value.trim()) next.set('q', value.trim());
    else next.delete('q');
    setParams(next, { replace: true });
  };

  const items = list.data?.items ?? [];
  const firstRow = cursors.length * PAGE_SIZE + 1;
  const isEmptyBase = !q && cursors.length === 0 && list.isSuccess && items.length === 0;

  return (
    <Page
      title="Customers"
      description="Profiles built from your shop's data and email engagement. Search by email, open one to see everything Retainly knows."
      actions={
        canWrite &&
        !isEmptyBase && (
          <Button leftSection={<IconUpload size={16} />} onClick={() => setImporting(true)}>
            Import CSV
          </Button>
        )
      }
    >
      {erased && (
        <Alert color="teal" variant="light" icon={<IconCheck />} withCloseButton closeButtonLabel="Dismiss" onClose={() => navigate(location.pathname + location.search, { replace: true, state: null })}>
          {erased} was erased.
        </Alert>
      )}
      {isEmptyBase ? (
        <NoCustomers canWrite={canWrite} onImport={() => setImporting(true)} />
      ) : (
        <Card p={0}>
          <Group p="md" justify="space-between" gap="sm" className={classes.toolbar}>
            <TextInput
              aria-label="Search customers by email"
              placeholder="Search by email, e.g. ada@"
              leftSection={<IconSearch size={16} />}
              value={search}
              onChange={(e) => onSearch(e.currentTarget.value)}
              rightSection={list.isFetching ? <Loader size={14} aria-label="Searching" /> : null}
              className={classes.search}
            />
            <Text size="sm" c="dimmed" className="tabular">
              {items.length > 0 &&
                (cursors.length === 0 && !list.data?.nextCursor
                  ? `${formatNumber(items.length)} customer${items.length === 1 ? '' : 's'}`
                  : `${formatNumber(firstRow)}–${formatNumber(firstRow + items.length - 1)}`)}
            </Text>
          </Group>
          {list.error ? (
            <Box p="md">
              <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
            </Box>
          ) : list.isPending ? (
            <Group justify="center" p="xl">
              <Loader aria-label="Loading customers" />
            </Group>
          ) : items.length === 0 ? (
            <EmptyState py="xl" title={`No customer’s email starts with “${q}”`} description="Search matches the beginning of the email address. Check the spelling, or search for less.">
              <EmptyState.Actions>
                <Button variant="default" onClick={() => onSearch('')}>
                  Clear the search
                </Button>
              </EmptyState.Actions>
            </EmptyState>
          ) : (
            <>
              <CustomerTable items={items} />
              <CustomerCards items={items} />
            </>
          )}
          {(cursors.length > 0 || list.data?.nextCursor) && (
            <Group justify="flex-end" p="md" gap="xs" className={lists.pager}>
              <Button variant="default" size="xs" leftSection={<IconChevronLeft size={14} />} disabled={cursors.length === 0} onClick={() => setPaging({ q, cursors: cursors.slice(0, -1) })}>
                Previous
              </Button>
              <Button
                variant="default"
                size="xs"
                rightSection={<IconChevronRight size={14} />}
                disabled={!list.data?.nextCursor || list.isPlaceholderData}
                onClick={() => setPaging({ q, cursors: [...cursors, list.data!.nextCursor!] })}
              >
                Next
              </Button>
            </Group>
          )}
        </Card>
      )}
      {canWrite && <ImportDialog opened={importing} onClose={() => setImporting(false)} />}
    </Page>
  );
}

function CustomerTable({ items }: { items: CustomerView[] }) {
  const navigate = useNavigate();
  const now = useServerNow();
  return (
    <Table.ScrollContainer minWidth={860} visibleFrom="lg">
      <Table className={lists.table}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Customer</Table.Th>
            <Table.Th>Lifecycle</Table.Th>
            <Table.Th>RFM tier</Table.Th>
            <Table.Th ta="right">Orders</Table.Th>
            <Table.Th ta="right">Total spent</Table.Th>
            <Table.Th>Last seen</Table.Th>
            <Table.Th>Subscription</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => (
            <Table.Tr key={c.id} className={lists.row} onClick={() => navigate(`/customers/${c.id}`)}>
              <Table.Td>
                <Anchor component={Link} to={`/customers/${c.id}`} fw={500} c="var(--mantine-color-text)" onClick={(e) => e.stopPropagation()}>
                  {fullName(c) || c.email || c.externalId || c.id}
                </Anchor>
                {fullName(c) && (
                  <Text size="xs" c="dimmed">
                    {c.email}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <LifecycleBadge value={c.lifecycle} />
              </Table.Td>
              <Table.Td>
                {c.rfm.tier === 'none' ? (
                  <Text size="sm" c="dimmed" aria-label="No tier">
                    —
                  </Text>
                ) : (
                  <TierBadge value={c.rfm.tier} />
                )}
              </Table.Td>
              <Table.Td ta="right" className="tabular">
                {formatNumber(c.stats.ordersCount)}
              </Table.Td>
              <Table.Td ta="right" className="tabular">
                {formatMoney(c.stats.totalSpent)}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatRelative(c.stats.lastSeenAt, now)}</Text>
              </Table.Td>
              <Table.Td>
                <SubscriptionBadge value={c.subscription.status} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Below `lg` (where the table would need to scroll): one compact card per customer. */
function CustomerCards({ items }: { items: CustomerView[] }) {
  return (
    <Stack gap={0} hiddenFrom="lg" component="ul" className={lists.cards}>
      {items.map((c) => (
        <li key={c.id}>
          <UnstyledButton component={Link} to={`/customers/${c.id}`} className={lists.card}>
            <Text fw={500} truncate>
              {fullName(c) || c.email || c.externalId || c.id}
            </Text>
            {fullName(c) && (
              <Text size="xs" c="dimmed" truncate>
                {c.email}
              </Text>
            )}
            <Group gap={6} mt={8}>
              <LifecycleBadge value={c.lifecycle} />
              {c.rfm.tier !== 'none' && <TierBadge value={c.rfm.tier} />}
              <Text size="xs" c="dimmed" className="tabular">
                {formatNumber(c.stats.ordersCount)} orders · {formatMoney(c.stats.totalSpent)}
              </Text>
            </Group>
          </UnstyledButton>
        </li>
      ))}
    </Stack>
  );
}

function NoCustomers({ canWrite, onImport }: { canWrite: boolean; onImport: () => void }) {
  return (
    <Card py={48}>
      <EmptyState
        title="No customers yet"
        icon={<IconCustomers size={28} />}
        withIndicatorBackground
        description={
          canWrite
            ? 'Import a CSV file of your customers, or send them from your shop through the API: any event naming a new email creates its customer.'
            : 'Customers appear here once a marketer imports them or your shop sends them through the API.'
        }
      >
        {canWrite && (
          <>
            <EmptyState.Actions>
              <Button leftSection={<IconUpload size={16} />} onClick={onImport}>
                Import CSV
              </Button>
            </EmptyState.Actions>
            <CodeSnippet mt="lg" maw={640} mx="auto">
              {`curl -X POST ${window.location.origin}/api/v1/events \\
  -H "Authorization: Bearer $API_KEY" -H "Content-Type: application/json" \\
  -d '{"type":"order_placed","email":"ada@example.com","properties":{"orderId":"1001","total":120}}'`}
            </CodeSnippet>
          </>
        )}
      </EmptyState>
    </Card>
  );
}
