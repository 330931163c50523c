/** Segments: every segment with its status, size and growth over 7 or 30 days; create one. */
import { Anchor, Box, Button, Card, EmptyState, Group, Loader, SegmentedControl, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { HistoryDay, SegmentView } from '../../api';
import { usePermissions } from '../../app/session';
import { Sparkline } from '../../ui/charts';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatNumber } from '../../ui/format';
import { IconPlus, IconSegments } from '../../ui/icons';
import { Page } from '../../ui/Page';
import { InstallStartersButton } from '../starters/InstallStarters';
import { useServerNow } from '../system/system.api';
import { Growth, growthOf, SegmentStatusBadge } from './parts';
import { useSegmentHistories, useSegments } from './segments.api';
import classes from './segments.module.css';
import lists from '../../ui/lists.module.css';

const HISTORY_DAYS = 30;

interface Row {
  segment: SegmentView;
  history: HistoryDay[] | undefined;
}

export function SegmentsPage() {
  const { canWrite } = usePermissions();
  const list = useSegments();
  const now = useServerNow();
  const [days, setDays] = useState(30);
  const items = list.data?.items ?? [];
  const histories = useSegmentHistories(
    items.map((s) => s.id),
    HISTORY_DAYS,
    now,
  );
  const rows: Row[] = items.map((segment, i) => ({ segment, history: histories[i]?.data }));

  return (
    <Page
      title="Segments"
      description="Groups of customers defined by rules. Membership follows the data as it changes, and a customer entering a segment starts its cadences."
      actions={
        canWrite &&
        items.length > 0 && (
          <Button component={Link} to="/segments/new" leftSection={<IconPlus size={16} />}>
            New segment
          </Button>
        )
      }
    >
      {list.error ? (
        <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
      ) : list.isPending ? (
        <Group justify="center" p="xl">
          <Loader aria-label="Loading segments" />
        </Group>
      ) : items.length === 0 ? (
        <NoSegments canWrite={canWrite} />
      ) : (
        <Card p={0}>
          <Group p="md" justify="space-between" gap="sm" className={classes.toolbar}>
            <Text size="sm" c="dimmed" className="tabular">
              {formatNumber(items.length)} segment{items.length === 1 ? '' : 's'}
            </Text>
            <Group gap="xs">
              <Text size="sm" c="dimmed" id="growth-window">
                Growth over
              </Text>
              <SegmentedControl
                size="xs"
                aria-labelledby="growth-window"
                value={String(days)}
                onChange={(v) => setDays(Number(v))}
                data={[
                  { value: '7', label: '7 days' },
                  { value: '30', label: '30 days' },
                ]}
              />
            </Group>
          </Group>
          <SegmentTable rows={rows} days={days} />
          <SegmentCards rows={rows} days={days} />
        </Card>
      )}
    </Page>
  );
}

function Trend({ history, days }: { history: HistoryDay[] | undefined; days: number }) {
  if (!history) return <Box w={96} h={28} />;
  const window = history.slice(-(days + 1));
  return <Sparkline data={window} dataKey="members" label={`Members over ${days} days: ${formatNumber(window[0]?.members)} to ${formatNumber(window[window.length - 1]?.members)}`} />;
}

function SegmentTable({ rows, days }: { rows: Row[]; days: number }) {
  const navigate = useNavigate();
  return (
    <Table.ScrollContainer minWidth={720} visibleFrom="md">
      <Table className={lists.table} horizontalSpacing="md">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Segment</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th ta="right">Members</Table.Th>
            <Table.Th ta="right">Growth</Table.Th>
            <Table.Th>Last {days} days</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(({ segment: s, history }) => (
            <Table.Tr key={s.id} className={lists.row} onClick={() => navigate(`/segments/${s.id}`)}>
              <Table.Td maw={420}>
                <Anchor component={Link} to={`/segments/${s.id}`} fw={500} c="var(--mantine-color-text)" onClick={(e) => e.stopPropagation()}>
                  {s.name}
                </Anchor>
                {s.description && (
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {s.description}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <SegmentStatusBadge status={s.status} />
              </Table.Td>
              <Table.Td ta="right" className="tabular" data-testid="member-count">
                {formatNumber(s.memberCount)}
              </Table.Td>
              <Table.Td ta="right">
                <Growth value={growthOf(history, days)} days={days} />
              </Table.Td>
              <Table.Td>
                <Trend history={history} days={days} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function SegmentCards({ rows, days }: { rows: Row[]; days: number }) {
  return (
    <Stack gap={0} hiddenFrom="md" component="ul" className={lists.cards}>
      {rows.map(({ segment: s, history }) => (
        <li key={s.id}>
          <UnstyledButton component={Link} to={`/segments/${s.id}`} className={lists.card}>
            <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
              <Box miw={0}>
                <Text fw={500} truncate>
                  {s.name}
                </Text>
                <Group gap={8} mt={4}>
                  <SegmentStatusBadge status={s.status} />
                  <Text size="sm" className="tabular">
                    {formatNumber(s.memberCount)} members
                  </Text>
                  <Growth value={growthOf(history, days)} days={days} />
                </Group>
              </Box>
              <Trend history={history} days={days} />
            </Group>
          </UnstyledButton>
        </li>
      ))}
    </Stack>
  );
}

function NoSegments({ canWrite }: { canWrite: boolean }) {
  return (
    <Card py={48}>
      <EmptyState
        title="No segments yet"
        icon={<IconSegments size={28} />}
        withIndicatorBackground
        description={
          canWrite
            ? 'A segment is a group of customers picked by rules: an open cart, a last order more than 60 days ago, a gold RFM tier. Build one, or start from the starter library.'
            : 'Segments appear here once a marketer creates them or installs the starters.'
        }
      >
        <EmptyState.Actions style={{ flexWrap: 'wrap', justifyContent: 'center' }}>
          {canWrite && (
            <Button component={Link} to="/segments/new" leftSection={<IconPlus size={16} />}>
              Build a segment
            </Button>
          )}
          <InstallStartersButton variant={canWrite ? 'default' : 'filled'} />
        </EmptyState.Actions>
      </EmptyState>
    </Card>
  );
}
