/**
 * Who is (or was) in the cadence: each enrollment with its customer (linked), where it stands
 * (next step and when, or how it ended, in words), filtered by status and paged.
 */
import { Anchor, Badge, Box, Button, Card, EmptyState, Group, Loader, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import type { CadenceView, EnrollmentStatus, EnrollmentView } from '../../api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDateTime, formatNumber, formatRelative, fullName } from '../../ui/format';
import { IconChevronLeft, IconChevronRight } from '../../ui/icons';
import { useServerNow } from '../system/system.api';
import { useEnrollments } from './cadences.api';
import { enrollmentStatus, exitReasonWords } from './labels';
import classes from './cadences.module.css';
import lists from '../../ui/lists.module.css';

const who = (e: EnrollmentView): { name: string; email: string | null } => {
  const name = e.customer ? fullName({ firstName: e.customer.firstName, lastName: e.customer.lastName }) : '';
  return { name: name || e.customer?.email || 'Erased customer', email: name ? (e.customer?.email ?? null) : null };
};

function where(e: EnrollmentView, steps: number, now: Date): string {
  if (e.status === 'completed') return `Completed all ${steps} step${steps === 1 ? '' : 's'}`;
  if (e.status === 'exited') return exitReasonWords(e.exitReason);
  const next = Math.min(e.currentStep + 1, steps);
  return e.nextStepAt ? `Step ${next} of ${steps} due ${formatRelative(e.nextStepAt, now)}` : `Step ${next} of ${steps}`;
}

export function EnrollmentsTable({ cadence }: { cadence: CadenceView }) {
  const [status, setStatus] = useState<EnrollmentStatus | null>(null);
  const [cursors, setCursors] = useState<string[]>([]);
  const list = useEnrollments(cadence.id, status, cursors[cursors.length - 1]);
  const now = useServerNow();
  const counts = cadence.enrollments ?? { active: 0, completed: 0, exited: 0 };
  const total = counts.active + counts.completed + counts.exited;
  const items = list.data?.items ?? [];
  const steps = cadence.steps.length;
  const pick = (v: string) => {
    setStatus(v === 'all' ? null : (v as EnrollmentStatus));
    setCursors([]);
  };

  return (
    <Card p={0}>
      <Group p="md" justify="space-between" gap="sm" className={classes.toolbar}>
        <Text fw={650}>Enrollments</Text>
        <SegmentedControl
          size="xs"
          aria-label="Show enrollments"
          value={status ?? 'all'}
          onChange={pick}
          data={[
            { value: 'all', label: `All ${formatNumber(total)}` },
            { value: 'active', label: `Active ${formatNumber(counts.active)}` },
            { value: 'completed', label: `Completed ${formatNumber(counts.completed)}` },
            { value: 'exited', label: `Exited ${formatNumber(counts.exited)}` },
          ]}
        />
      </Group>
      {list.error ? (
        <Box p="md">
          <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
        </Box>
      ) : list.isPending ? (
        <Group justify="center" p="xl">
          <Loader aria-label="Loading enrollments" />
        </Group>
      ) : items.length === 0 ? (
        <EmptyState
          py="xl"
          title={status ? `No ${enrollmentStatus[status].label.toLowerCase()} enrollment` : 'Nobody enrolled yet'}
          description={
            cadence.status === 'draft'
              ? 'Activate the cadence: customers who enter the segment are enrolled (and its current members too, if you choose).'
              : status
                ? 'Pick another status to see the others.'
                : 'Customers are enrolled when they enter the segment while the cadence is active. With the manual clock, advance it to let entries and steps happen.'
          }
        />
      ) : (
        <>
          <Table.ScrollContainer minWidth={760} visibleFrom="md">
            <Table className={lists.table} data-testid="enrollments">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Customer</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Where they are</Table.Th>
                  <Table.Th>Enrolled</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/customers/${e.customerId}`} fw={500} size="sm">
                        {who(e).name}
                      </Anchor>
                      {who(e).email && (
                        <Text size="xs" c="dimmed">
                          {who(e).email}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Badge color={enrollmentStatus[e.status].color}>{enrollmentStatus[e.status].label}</Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" title={e.nextStepAt ? formatDateTime(e.nextStepAt) : e.completedAt ? formatDateTime(e.completedAt) : undefined}>
                        {where(e, steps, now)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" title={formatDateTime(e.enrolledAt)}>
                        {formatRelative(e.enrolledAt, now)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Stack gap={0} hiddenFrom="md" component="ul" className={lists.cards}>
            {items.map((e) => (
              <li key={e.id} className={lists.card}>
                <Group justify="space-between" gap="xs" wrap="nowrap">
                  <Anchor component={Link} to={`/customers/${e.customerId}`} fw={500} size="sm" truncate>
                    {who(e).name}
                  </Anchor>
                  <Badge color={enrollmentStatus[e.status].color}>{enrollmentStatus[e.status].label}</Badge>
                </Group>
                <Text size="sm">{where(e, steps, now)}</Text>
                <Text size="xs" c="dimmed">
                  Enrolled {formatRelative(e.enrolledAt, now)}
                </Text>
              </li>
            ))}
          </Stack>
        </>
      )}
      {(cursors.length > 0 || list.data?.nextCursor) && (
        <Group justify="flex-end" p="md" gap="xs" className={lists.pager}>
          <Button variant="default" size="xs" leftSection={<IconChevronLeft size={14} />} disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
            Previous
          </Button>
          <Button variant="default" size="xs" rightSection={<IconChevronRight size={14} />} disabled={!list.data?.nextCursor || list.isPlaceholderData} onClick={() => setCursors([...cursors, list.data!.nextCursor!])}>
            Next
          </Button>
        </Group>
      )}
    </Card>
  );
}
