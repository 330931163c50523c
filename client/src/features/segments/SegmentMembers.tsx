/** A segment's members, newest first, a page at a time, each linking to the customer's profile. */
import { Anchor, Box, Button, Card, Group, Loader, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import type { CustomerView, SegmentView } from '../../api';
import { LifecycleBadge, SubscriptionBadge } from '../../ui/badges';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatMoney, formatNumber, fullName } from '../../ui/format';
import { IconChevronLeft, IconChevronRight } from '../../ui/icons';
import { SectionTitle } from '../../ui/Page';
import { useSegmentMembers } from './segments.api';
import lists from '../../ui/lists.module.css';

const PAGE_SIZE = 20;

export function SegmentMembers({ segment }: { segment: SegmentView }) {
  // The cursors of the pages before this one.
  const [cursors, setCursors] = useState<string[]>([]);
  const members = useSegmentMembers(segment.id, cursors[cursors.length - 1], PAGE_SIZE);
  const items = members.data?.items ?? [];
  const first = cursors.length * PAGE_SIZE + 1;
  return (
    <Card p={0} component="section" aria-labelledby="members-title">
      <Box p="md" pb={0}>
        <SectionTitle
          aside={
            items.length > 0 && (
              <Text size="sm" c="dimmed" className="tabular">
                {formatNumber(first)}–{formatNumber(first + items.length - 1)} of {formatNumber(segment.memberCount)}
              </Text>
            )
          }
        >
          <span id="members-title">Members</span>
        </SectionTitle>
      </Box>
      {members.error ? (
        <Box p="md">
          <ErrorAlert error={members.error} onRetry={() => members.refetch()} />
        </Box>
      ) : members.isPending ? (
        <Group justify="center" p="lg">
          <Loader aria-label="Loading the members" />
        </Group>
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed" px="md" pb="md">
          {segment.status === 'building' ? 'The members appear once the segment is built.' : 'No customer matches the rules right now. Members join as soon as their data matches.'}
        </Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={640} visibleFrom="md">
            <Table className={lists.table} aria-label="Members" horizontalSpacing="md">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Customer</Table.Th>
                  <Table.Th>Lifecycle</Table.Th>
                  <Table.Th ta="right">Orders</Table.Th>
                  <Table.Th ta="right">Total spent</Table.Th>
                  <Table.Th>Subscription</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/customers/${c.id}`} fw={500} c="var(--mantine-color-text)">
                        {displayName(c)}
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
                    <Table.Td ta="right" className="tabular">
                      {formatNumber(c.stats.ordersCount)}
                    </Table.Td>
                    <Table.Td ta="right" className="tabular">
                      {formatMoney(c.stats.totalSpent)}
                    </Table.Td>
                    <Table.Td>
                      <SubscriptionBadge value={c.subscription.status} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Stack gap={0} hiddenFrom="md" component="ul" className={lists.cards} aria-label="Members">
            {items.map((c) => (
              <li key={c.id}>
                <UnstyledButton component={Link} to={`/customers/${c.id}`} className={lists.card}>
                  <Text fw={500} truncate>
                    {displayName(c)}
                  </Text>
                  <Group gap={6} mt={4}>
                    <LifecycleBadge value={c.lifecycle} />
                    <Text size="xs" c="dimmed" className="tabular">
                      {formatNumber(c.stats.ordersCount)} orders · {formatMoney(c.stats.totalSpent)}
                    </Text>
                  </Group>
                </UnstyledButton>
              </li>
            ))}
          </Stack>
        </>
      )}
      {(cursors.length > 0 || members.data?.nextCursor) && (
        <Group justify="flex-end" p="md" gap="xs" className={lists.pager}>
          <Button variant="default" size="xs" leftSection={<IconChevronLeft size={14} />} disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
            Previous
          </Button>
          <Button variant="default" size="xs" rightSection={<IconChevronRight size={14} />} disabled={!members.data?.nextCursor || members.isPlaceholderData} onClick={() => setCursors([...cursors, members.data!.nextCursor!])}>
            Next
          </Button>
        </Group>
      )}
    </Card>
  );
}

const displayName = (c: CustomerView): string => fullName(c) || c.email || c.externalId || c.id;
