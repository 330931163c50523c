/** Cadences: every cadence with its segment, status, steps and enrollments; the starter library installs from here. */
import { Anchor, Badge, Button, Card, EmptyState, Group, Loader, Stack, Switch, Table, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { CadenceView } from '../../api';
import { usePermissions } from '../../app/session';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatNumber } from '../../ui/format';
import { IconCadence, IconPlus } from '../../ui/icons';
import { Page } from '../../ui/Page';
import { useCadences, useInstallStarters, useSegmentOptions, useStarterLibrary, type SegmentOption } from './cadences.api';
import { cadenceStatus } from './labels';
import lists from '../../ui/lists.module.css';

export function CadencesPage() {
  const { canWrite } = usePermissions();
  const list = useCadences();
  const segments = useSegmentOptions();
  const library = useStarterLibrary();
  const install = useInstallStarters();
  const [showArchived, setShowArchived] = useState(false);
  const all = list.data ?? [];
  const archived = all.filter((c) => c.status === 'archived').length;
  const items = showArchived ? all : all.filter((c) => c.status !== 'archived');
  const empty = list.isSuccess && all.length === 0;
  const missing = (library.data?.cadences ?? []).filter((c) => !c.id).length;

  const installButton = (variant: 'filled' | 'default') => (
    <Button variant={variant} loading={install.isPending} onClick={() => install.mutate()}>
      Install the starter cadences
    </Button>
  );

  return (
    <Page
      title="Cadences"
      description="Series of emails that start when a customer enters a segment, one step after another, until the last step or an exit."
      actions={
        canWrite &&
        !empty && (
          <>
            {missing > 0 && installButton('default')}
            <Button component={Link} to="/cadences/new" leftSection={<IconPlus size={16} />}>
              New cadence
            </Button>
          </>
        )
      }
    >
      <ErrorAlert error={install.error} />
      {install.data && install.data.created.length > 0 && (
        <Text size="sm" c="dimmed">
          Installed {install.data.created.length} starter items (templates, segments and cadences). The cadences are drafts: review one, then activate it.
        </Text>
      )}
      {list.error ? (
        <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
      ) : list.isPending ? (
        <Group justify="center" p="xl">
          <Loader aria-label="Loading cadences" />
        </Group>
      ) : empty ? (
        <Card py={48}>
          <EmptyState
            title="No cadences yet"
            icon={<IconCadence size={28} />}
            withIndicatorBackground
            description={
              canWrite
                ? 'Install the starter library (cart abandonment, reactivation, loyalty welcomes: templates, segments and cadences, as drafts to review), or design your own on one of your segments.'
                : 'Cadences appear here once a marketer designs one or installs the starters.'
            }
          >
            {canWrite && (
              <EmptyState.Actions>
                {installButton('filled')}
                <Button variant="default" component={Link} to="/cadences/new" leftSection={<IconPlus size={16} />}>
                  Design a cadence
                </Button>
              </EmptyState.Actions>
            )}
          </EmptyState>
        </Card>
      ) : (
        <Card p={0}>
          <CadenceTable items={items} segments={segments.data ?? []} />
          <CadenceCards items={items} segments={segments.data ?? []} />
          {archived > 0 && (
            <Group p="md" className={lists.pager}>
              <Switch size="sm" label={`Show the ${archived} archived`} checked={showArchived} onChange={(e) => setShowArchived(e.currentTarget.checked)} />
            </Group>
          )}
        </Card>
      )}
    </Page>
  );
}

const segmentNameOf = (segments: SegmentOption[], id: string) => segments.find((s) => s.id === id)?.name ?? '—';

function StatusBadge({ c }: { c: CadenceView }) {
  const s = cadenceStatus[c.status];
  return <Badge color={s.color}>{s.label}</Badge>;
}

function Enrollments({ c, size = 'sm' }: { c: CadenceView; size?: 'xs' | 'sm' }) {
  const e = c.enrollments ?? { active: 0, completed: 0, exited: 0 };
  return (
    <Text size={size} c={size === 'xs' ? 'dimmed' : undefined} className="tabular">
      {formatNumber(e.active)} active · {formatNumber(e.completed)} completed · {formatNumber(e.exited)} exited
    </Text>
  );
}

function CadenceTable({ items, segments }: { items: CadenceView[]; segments: SegmentOption[] }) {
  const navigate = useNavigate();
  return (
    <Table.ScrollContainer minWidth={820} visibleFrom="lg">
      <Table className={lists.table}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Cadence</Table.Th>
            <Table.Th>Segment</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th ta="right">Steps</Table.Th>
            <Table.Th>Enrollments</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => (
            <Table.Tr key={c.id} className={lists.row} onClick={() => navigate(`/cadences/${c.id}`)}>
              <Table.Td>
                <Anchor component={Link} to={`/cadences/${c.id}`} fw={500} c="var(--mantine-color-text)" onClick={(e) => e.stopPropagation()}>
                  {c.name}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{segmentNameOf(segments, c.segmentId)}</Text>
              </Table.Td>
              <Table.Td>
                <StatusBadge c={c} />
              </Table.Td>
              <Table.Td ta="right" className="tabular">
                {c.steps.length}
              </Table.Td>
              <Table.Td>
                <Enrollments c={c} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function CadenceCards({ items, segments }: { items: CadenceView[]; segments: SegmentOption[] }) {
  return (
    <Stack gap={0} hiddenFrom="lg" component="ul" className={lists.cards}>
      {items.map((c) => (
        <li key={c.id}>
          <UnstyledButton component={Link} to={`/cadences/${c.id}`} className={lists.card}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text fw={500} truncate>
                {c.name}
              </Text>
              <StatusBadge c={c} />
            </Group>
            <Text size="xs" c="dimmed">
              {segmentNameOf(segments, c.segmentId)} · {c.steps.length} step{c.steps.length === 1 ? '' : 's'}
            </Text>
            <Enrollments c={c} size="xs" />
          </UnstyledButton>
        </li>
      ))}
    </Stack>
  );
}
