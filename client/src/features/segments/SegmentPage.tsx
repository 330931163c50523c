/** One segment: its rules in words, its size over time with entries and exits, its members; edit and delete. */
import { Button, Card, Grid, Group, Loader, SegmentedControl, SimpleGrid, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, type HistoryDay, type SegmentView } from '../../api';
import { SectionUnavailable } from '../../app/RouteStates';
import { usePermissions } from '../../app/session';
import { chartColors, TimeChart } from '../../ui/charts';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDateTime, formatNumber, formatRelative } from '../../ui/format';
import { IconPencil, IconTrash } from '../../ui/icons';
import { Page, SectionTitle } from '../../ui/Page';
import { Stat } from '../../ui/Stat';
import { useServerNow } from '../system/system.api';
import { RulesSummary } from './builder/RulesSummary';
import { SegmentMembers } from './SegmentMembers';
import { BuildingNotice, SegmentStatusBadge } from './parts';
import { useDeleteSegment, useRuleCatalog, useSegment, useSegmentHistory, useSegments } from './segments.api';

const back = { to: '/segments', label: 'Segments' };

export function SegmentPage() {
  const { id = '' } = useParams();
  const segment = useSegment(id);
  if (segment.error instanceof ApiError && (segment.error.status === 404 || segment.error.code === 'validation_failed')) {
    return <SectionUnavailable title="Segment not found" text="No segment has this id. It may have been deleted." />;
  }
  if (!segment.data) {
    return (
      <Page title="Segment" back={back}>
        {segment.error ? <ErrorAlert error={segment.error} onRetry={() => segment.refetch()} /> : <Loader aria-label="Loading the segment" />}
      </Page>
    );
  }
  return <SegmentDetail s={segment.data} />;
}

function SegmentDetail({ s }: { s: SegmentView }) {
  const { canWrite } = usePermissions();
  const navigate = useNavigate();
  const remove = useDeleteSegment();
  const [confirming, setConfirming] = useState(false);
  const catalog = useRuleCatalog();
  const segments = useSegments();
  const now = useServerNow();
  const [days, setDays] = useState(30);
  const history = useSegmentHistory(s.id, days, now);
  const entered = (history.data ?? []).reduce((n, d) => n + d.entered, 0);
  const exited = (history.data ?? []).reduce((n, d) => n + d.exited, 0);

  return (
    <Page
      title={s.name}
      back={back}
      heading={
        <Group gap="sm" align="center">
          <Title order={1} style={{ overflowWrap: 'anywhere' }}>
            {s.name}
          </Title>
          <SegmentStatusBadge status={s.status} />
        </Group>
      }
      description={s.description || undefined}
      actions={
        canWrite && (
          <>
            <Button variant="default" component={Link} to={`/segments/${s.id}/edit`} leftSection={<IconPencil size={16} />}>
              Edit
            </Button>
            <Button
              variant="default"
              color="red"
              leftSection={<IconTrash size={16} />}
              onClick={() => {
                remove.reset();
                setConfirming(true);
              }}
            >
              Delete
            </Button>
          </>
        )
      }
    >
      {s.status === 'building' && <BuildingNotice />}
      <Card>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="lg">
          <Stat label="Members" value={<span data-testid="segment-members">{formatNumber(s.memberCount)}</span>} hint={s.status === 'building' ? 'Counting…' : undefined} />
          <Stat label={`Entered, ${days} days`} value={history.data ? formatNumber(entered) : '—'} />
          <Stat label={`Left, ${days} days`} value={history.data ? formatNumber(exited) : '—'} />
          <Stat compact label="Last built" value={s.builtAt ? formatRelative(s.builtAt, now) : 'Not yet'} hint={s.builtAt ? formatDateTime(s.builtAt) : undefined} />
        </SimpleGrid>
      </Card>
      <Grid gap="lg" align="stretch">
        <Grid.Col span={{ base: 12, lg: 5 }} miw={0}>
          <Card h="100%">
            <SectionTitle>Rules</SectionTitle>
            <RulesSummary rules={s.rules} catalog={catalog.data} segments={(segments.data?.items ?? []).map((x) => ({ id: x.id, name: x.name }))} />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }} miw={0}>
          <Card h="100%">
            <SectionTitle
              aside={
                <SegmentedControl
                  size="xs"
                  aria-label="History range"
                  value={String(days)}
                  onChange={(v) => setDays(Number(v))}
                  data={[
                    { value: '30', label: '30 days' },
                    { value: '90', label: '90 days' },
                  ]}
                />
              }
            >
              History
            </SectionTitle>
            <HistoryCharts history={history.data} error={history.error} onRetry={() => history.refetch()} />
          </Card>
        </Grid.Col>
      </Grid>
      <SegmentMembers segment={s} />
      <ConfirmDialog
        opened={confirming}
        title={`Delete ${s.name}?`}
        confirmLabel="Delete the segment"
        pending={remove.isPending}
        error={remove.error}
        onClose={() => setConfirming(false)}
        onConfirm={() => remove.mutate(s.id, { onSuccess: () => navigate('/segments', { replace: true }) })}
      >
        Its members stay customers; they only leave this segment. A segment that an active cadence or another segment uses cannot be deleted.
      </ConfirmDialog>
    </Page>
  );
}

function HistoryCharts({ history, error, onRetry }: { history: HistoryDay[] | undefined; error: unknown; onRetry: () => void }) {
  if (error) return <ErrorAlert error={error} onRetry={onRetry} />;
  if (!history) return <Loader aria-label="Loading the history" />;
  const first = history[0]?.members ?? 0;
  const last = history[history.length - 1]?.members ?? 0;
  return (
    <>
      <Text size="sm" fw={600} mb={4}>
        Members at the end of each day
      </Text>
      <TimeChart data={history} series={[{ key: 'members', label: 'Members', color: chartColors.brand }]} label={`Members over ${history.length} days, from ${first} to ${last}`} height={200} />
      <Text size="sm" fw={600} mt="md" mb={4}>
        Entered and left per day
      </Text>
      <TimeChart
        data={history}
        series={[
          { key: 'entered', label: 'Entered', color: chartColors.teal, kind: 'bar' },
          { key: 'exited', label: 'Left', color: chartColors.orange, kind: 'bar' },
        ]}
        label="Customers entering and leaving the segment per day"
        height={170}
      />
    </>
  );
}
