/**
 * The dashboard's figures over a chosen range: headline numbers (customers, active cadences,
 * emails sent, human open and click rates), sends/opens/clicks per day, every segment's figures
 * with a sparkline of its sends, and segment sizes over time. Says what to do when there is
 * nothing to show yet.
 */
import { Anchor, Button, Card, Group, Loader, SimpleGrid, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { OverviewReport, SegmentReportRow } from '../../api';
import { usePermissions } from '../../app/session';
import { chartColors, seriesPalette, Sparkline, TimeChart } from '../../ui/charts';
import type { DayRange } from '../../ui/DateRangePicker';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatNumber, formatPercent } from '../../ui/format';
import { IconPlus } from '../../ui/icons';
import { SectionTitle } from '../../ui/Page';
import { Stat } from '../../ui/Stat';
import { metricColumns } from '../reports/columns';
import { MetricsTable } from '../reports/MetricsTable';
import { useOverview, useSegmentReport } from '../reports/reports.api';
import { InstallStartersButton } from '../starters/InstallStarters';
import classes from './dashboard.module.css';

const TABLE_KEYS = ['sent', 'openRate', 'clickRate', 'clickToOpenRate', 'unsubscribes', 'conversions', 'revenue'];
const tableColumns = metricColumns<SegmentReportRow>().filter((c) => TABLE_KEYS.includes(c.key));
/** Lines beyond this many make the size chart unreadable: the largest segments are drawn. */
const MAX_SIZE_LINES = 6;

export function DashboardAnalytics({ range }: { range: DayRange }) {
  const overview = useOverview(range);
  const report = useSegmentReport(range, true);
  if (overview.error) return <ErrorAlert error={overview.error} onRetry={() => overview.refetch()} />;
  const o = overview.data;
  return (
    <>
      <Headline o={o} />
      {o && o.segments === 0 && <NoSegmentsYet />}
      {o && o.segments > 0 && o.activeCadences === 0 && <NoActiveCadence />}
      {o && o.segments > 0 && (
        <>
          <Card component="section" aria-labelledby="sends-title">
            <SectionTitle>
              <span id="sends-title">Sends, opens and clicks</span>
            </SectionTitle>
            <TimeChart
              data={o.points}
              series={[
                { key: 'sent', label: 'Sent', color: chartColors.gray, kind: 'bar' },
                { key: 'uniqueOpens', label: 'Unique opens', color: chartColors.brand },
                { key: 'uniqueClicks', label: 'Unique clicks', color: chartColors.orange },
              ]}
              label="Emails sent, opened and clicked per day"
              caption={o.total.sent === 0 ? 'Nothing was sent in these days.' : 'Human opens and clicks, on the day their email was sent.'}
            />
          </Card>
          <SegmentsCard rows={report.data?.items} error={report.error} onRetry={() => report.refetch()} />
        </>
      )}
    </>
  );
}

function Headline({ o }: { o: OverviewReport | undefined }) {
  const v = (f: (o: OverviewReport) => string) => (o ? f(o) : '—');
  return (
    <Card component="section" aria-label="Headline figures" data-testid="headline">
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="lg">
        <Stat label="Customers" value={v((x) => formatNumber(x.customers))} />
        <Stat label="Active cadences" value={v((x) => formatNumber(x.activeCadences))} hint={o ? `${formatNumber(o.segments)} ${o.segments === 1 ? 'segment' : 'segments'}` : undefined} />
        <Stat label="Emails sent" value={v((x) => formatNumber(x.total.sent))} hint="In the chosen days" />
        <Stat label="Open rate" value={v((x) => (x.total.sent ? formatPercent(x.total.openRate) : '—'))} hint={o ? `${formatNumber(o.total.uniqueOpens)} human ${o.total.uniqueOpens === 1 ? 'open' : 'opens'}` : undefined} />
        <Stat label="Click rate" value={v((x) => (x.total.sent ? formatPercent(x.total.clickRate) : '—'))} hint={o ? `${formatNumber(o.total.uniqueClicks)} human ${o.total.uniqueClicks === 1 ? 'click' : 'clicks'}` : undefined} />
      </SimpleGrid>
    </Card>
  );
}

function NoSegmentsYet() {
  const { canWrite } = usePermissions();
  return (
    <Card className={classes.start} component="section" aria-labelledby="start-title">
      <SectionTitle>
        <span id="start-title">Start sending</span>
      </SectionTitle>
      <Text size="sm" c="dimmed" mb="md">
        Nothing is sent until a segment picks customers and a cadence emails them. The starter library installs ready-made segments (open carts, lapsed customers, loyalty tiers) with their emails and cadences, as drafts for you to review.
      </Text>
      <Group gap="sm">
        <InstallStartersButton />
        {canWrite && (
          <Button variant="default" component={Link} to="/segments/new" leftSection={<IconPlus size={16} />}>
            Build a segment
          </Button>
        )}
      </Group>
    </Card>
  );
}

function NoActiveCadence() {
  return (
    <Card className={classes.start} component="section">
      <Text size="sm">
        <strong>No cadence is active, so nothing is being sent.</strong> Review a cadence and activate it in{' '}
        <Anchor component={Link} to="/cadences" inherit underline="always">
          Cadences
        </Anchor>
        ; its segment&apos;s members are enrolled from then on.
      </Text>
    </Card>
  );
}

function SegmentsCard({ rows, error, onRetry }: { rows: SegmentReportRow[] | undefined; error: unknown; onRetry: () => void }) {
  return (
    <>
      <Card p={0} component="section" aria-labelledby="per-segment-title">
        <Group p="md" pb={0} justify="space-between">
          <SectionTitle aside={<Anchor component={Link} to="/reports" size="sm">Full report</Anchor>}>
            <span id="per-segment-title">Per segment</span>
          </SectionTitle>
        </Group>
        {error ? (
          <ErrorAlert error={error} onRetry={onRetry} />
        ) : !rows ? (
          <Loader aria-label="Loading the segments' figures" m="md" />
        ) : (
          <MetricsTable
            rows={rows}
            rowKey={(r) => r.segmentId}
            lead={{
              header: 'Segment',
              cell: (r) => (
                <Anchor component={Link} to={`/segments/${r.segmentId}`} size="sm" fw={500} c="var(--mantine-color-text)">
                  {r.name}
                </Anchor>
              ),
            }}
            columns={tableColumns}
            extra={[{ header: 'Sends per day', cell: (r) => <Sparkline data={r.daily ?? []} dataKey="sent" label={`Sends per day for ${r.name}: ${formatNumber(r.sent)} in total`} /> }]}
            label="Figures per segment"
            testId="dashboard-segments"
            minWidth={760}
          />
        )}
      </Card>
      {rows && rows.length > 0 && <SegmentSizes rows={rows} />}
    </>
  );
}

function SegmentSizes({ rows }: { rows: SegmentReportRow[] }) {
  const largest = [...rows].sort((a, b) => b.members - a.members).slice(0, MAX_SIZE_LINES);
  const days = largest[0]?.daily?.map((d) => d.date) ?? [];
  const data = days.map((date, i) => ({ date, ...Object.fromEntries(largest.map((r) => [r.segmentId, r.daily?.[i]?.members ?? 0])) })) as ({ date: string } & Record<string, number>)[];
  return (
    <Card component="section" aria-labelledby="sizes-title">
      <SectionTitle>
        <span id="sizes-title">Segment size over time</span>
      </SectionTitle>
      <TimeChart
        data={data}
        series={largest.map((r, i) => ({ key: r.segmentId, label: r.name, color: seriesPalette[i % seriesPalette.length]! }))}
        label="Members of each segment at the end of each day"
        caption={rows.length > MAX_SIZE_LINES ? `The ${MAX_SIZE_LINES} largest segments, members at the end of each day.` : 'Members at the end of each day.'}
      />
    </Card>
  );
}
