/** Reports by segment: the table of every segment over the range (and its CSV), and one segment day by day. */
import { Anchor, Button, Card, EmptyState, Group, Loader, Select, SimpleGrid, Text } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import type { SegmentReportRow } from '../../api';
import { usePermissions } from '../../app/session';
import { chartColors, TimeChart } from '../../ui/charts';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatNumber, formatPercent } from '../../ui/format';
import { IconPlus, IconReports } from '../../ui/icons';
import { SectionTitle } from '../../ui/Page';
import { Stat } from '../../ui/Stat';
import { InstallStartersButton } from '../starters/InstallStarters';
import { csvCells, csvHeader, metricColumns, type Column } from './columns';
import { MetricsTable } from './MetricsTable';
import { CsvButton, ReportsFrame } from './parts';
import { useRangeParam } from './range';
import { useSegmentReport, useSegmentTimeseries } from './reports.api';

const columns: Column<SegmentReportRow>[] = metricColumns<SegmentReportRow>();

export function SegmentReportsPage() {
  const { range, today, setRange } = useRangeParam();
  const report = useSegmentReport(range);
  const items = report.data?.items ?? [];
  const nothingSent = items.length > 0 && items.every((r) => r.sent === 0);

  return (
    <ReportsFrame tab="segments" range={range} today={today} onRange={setRange}>
      {report.error ? (
        <ErrorAlert error={report.error} onRetry={() => report.refetch()} />
      ) : report.isPending ? (
        <Group justify="center" p="xl">
          <Loader aria-label="Loading the report" />
        </Group>
      ) : items.length === 0 ? (
        <NoSegments />
      ) : (
        <>
          <Card p={0} component="section" aria-labelledby="by-segment">
            <Group p="md" pb={0} justify="space-between" align="flex-start">
              <SectionTitle>
                <span id="by-segment">Per segment</span>
              </SectionTitle>
              <CsvButton filename={`retainly-segments-${range.from}-to-${range.to}.csv`} header={['Segment', 'Members', ...csvHeader(columns)]} rows={items.map((r) => [r.name, r.members, ...csvCells(columns, r)])} />
            </Group>
            {nothingSent && (
              <Text size="sm" c="dimmed" px="md" pb="sm">
                Nothing was sent in these days. Emails go out when an active cadence&apos;s segment gains members; pick a longer range, or activate a cadence.
              </Text>
            )}
            <MetricsTable
              rows={items}
              rowKey={(r) => r.segmentId}
              lead={{
                header: 'Segment',
                cell: (r) => (
                  <>
                    <Anchor component={Link} to={`/segments/${r.segmentId}`} fw={500} c="var(--mantine-color-text)" size="sm">
                      {r.name}
                    </Anchor>
                    <Text size="xs" c="dimmed" className="tabular">
                      {formatNumber(r.members)} {r.members === 1 ? 'member' : 'members'} now
                    </Text>
                  </>
                ),
              }}
              columns={columns}
              label="Report per segment"
              testId="segment-report"
            />
          </Card>
          <SegmentOverTime rows={items} range={range} />
        </>
      )}
    </ReportsFrame>
  );
}

function SegmentOverTime({ rows, range }: { rows: SegmentReportRow[]; range: { from: string; to: string } }) {
  const [params, setParams] = useSearchParams();
  const picked = params.get('segment');
  const id = rows.find((r) => r.segmentId === picked)?.segmentId ?? [...rows].sort((a, b) => b.sent - a.sent)[0]?.segmentId ?? null;
  const series = useSegmentTimeseries(id, range);
  const points = series.data?.points ?? [];
  const total = (k: 'sent' | 'uniqueOpens' | 'uniqueClicks') => points.reduce((n, p) => n + p[k], 0);
  const pick = (v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set('segment', v);
    setParams(next, { replace: true });
  };
  return (
    <Card component="section" aria-labelledby="over-time">
      <Group justify="space-between" align="flex-start" mb="sm">
        <SectionTitle>
          <span id="over-time">Per segment over time</span>
        </SectionTitle>
        <Select aria-label="Segment" data={rows.map((r) => ({ value: r.segmentId, label: r.name }))} value={id} onChange={pick} allowDeselect={false} searchable w={260} maw="100%" />
      </Group>
      {series.error ? (
        <ErrorAlert error={series.error} onRetry={() => series.refetch()} />
      ) : !series.data ? (
        <Loader aria-label="Loading the segment's days" />
      ) : (
        <>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md" mb="md">
            <Stat size="md" label="Sent" value={formatNumber(total('sent'))} />
            <Stat size="md" label="Unique opens" value={formatNumber(total('uniqueOpens'))} />
            <Stat size="md" label="Unique clicks" value={formatNumber(total('uniqueClicks'))} />
            <Stat size="md" label="Open rate" value={total('sent') ? formatPercent(total('uniqueOpens') / total('sent')) : '—'} />
          </SimpleGrid>
          <TimeChart
            data={points}
            series={[
              { key: 'sent', label: 'Sent', color: chartColors.gray, kind: 'bar' },
              { key: 'uniqueOpens', label: 'Unique opens', color: chartColors.brand },
              { key: 'uniqueClicks', label: 'Unique clicks', color: chartColors.orange },
            ]}
            label={`Sends, opens and clicks per day for ${series.data.name}`}
            caption="Opens and clicks count on the day their email was sent; machine opens and clicks are left out."
          />
        </>
      )}
    </Card>
  );
}

function NoSegments() {
  const { canWrite } = usePermissions();
  return (
    <Card py={48}>
      <EmptyState title="Nothing to report yet" icon={<IconReports size={28} />} withIndicatorBackground description="Reports count the emails each segment's cadences send, and what people did with them. Start with a segment and a cadence: the starters give you both.">
        <EmptyState.Actions style={{ flexWrap: 'wrap', justifyContent: 'center' }}>
          <InstallStartersButton />
          {canWrite && (
            <Button variant="default" component={Link} to="/segments/new" leftSection={<IconPlus size={16} />}>
              Build a segment
            </Button>
          )}
        </EmptyState.Actions>
      </EmptyState>
    </Card>
  );
}
