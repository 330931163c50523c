/** Reports by cadence: one cadence's steps over the range, with a total row, and its CSV. */
import { Anchor, Badge, Card, EmptyState, Group, Loader, Select, Text, Title } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import type { CadenceView, Metrics, StepReportRow } from '../../api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { humanize } from '../../ui/format';
import { IconReports } from '../../ui/icons';
import { slug } from '../../ui/csv';
import { InstallStartersButton } from '../starters/InstallStarters';
import { formatDuration } from '../segments/builder/fields';
import { useSegments } from '../segments/segments.api';
import { csvCells, csvHeader, metricColumns } from './columns';
import { MetricsTable } from './MetricsTable';
import { CsvButton, ReportsFrame } from './parts';
import { useRangeParam } from './range';
import { useCadenceList, useCadenceReport } from './reports.api';

type StepRow = Metrics & { step: number | 'total' };
const columns = metricColumns<StepRow>();

function stepLabel(row: StepRow, cadence: CadenceView | undefined): string {
  if (row.step === 'total') return 'All steps';
  const delay = cadence?.steps[row.step]?.delay;
  return `Step ${row.step + 1}${delay ? ` · ${formatDuration(delay)} ${row.step === 0 ? 'after entry' : 'later'}` : ''}`;
}

export function CadenceReportPage() {
  const { range, today, setRange } = useRangeParam();
  const [params, setParams] = useSearchParams();
  const cadences = useCadenceList();
  const list = cadences.data?.items ?? [];
  const id = list.find((c) => c.id === params.get('cadence'))?.id ?? list.find((c) => c.status === 'active')?.id ?? list[0]?.id ?? null;
  const cadence = list.find((c) => c.id === id);
  const report = useCadenceReport(id, range);
  const segments = useSegments();
  const segmentName = segments.data?.items.find((s) => s.id === report.data?.segmentId)?.name;
  const pick = (v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set('cadence', v);
    setParams(next, { replace: true });
  };
  const steps: StepRow[] = report.data?.steps.map((s: StepReportRow) => ({ ...s })) ?? [];
  const total: StepRow | undefined = report.data ? { ...report.data.total, step: 'total' } : undefined;

  return (
    <ReportsFrame tab="cadences" range={range} today={today} onRange={setRange}>
      {cadences.error ? (
        <ErrorAlert error={cadences.error} onRetry={() => cadences.refetch()} />
      ) : cadences.isPending ? (
        <Group justify="center" p="xl">
          <Loader aria-label="Loading the cadences" />
        </Group>
      ) : list.length === 0 ? (
        <Card py={48}>
          <EmptyState title="No cadences yet" icon={<IconReports size={28} />} withIndicatorBackground description="A cadence sends a sequence of emails to the customers who enter a segment; its report shows how each step does. The starter cadences are a quick way to begin.">
            <EmptyState.Actions>
              <InstallStartersButton />
            </EmptyState.Actions>
          </EmptyState>
        </Card>
      ) : (
        <Card p={0} component="section" aria-labelledby="by-step">
          <Group p="md" justify="space-between" align="flex-end" gap="sm">
            <Select
              label="Cadence"
              data={list.map((c) => ({ value: c.id, label: `${c.name}${c.status === 'active' ? '' : ` (${humanize(c.status).toLowerCase()})`}` }))}
              value={id}
              onChange={pick}
              allowDeselect={false}
              searchable
              w={320}
              maw="100%"
            />
            {report.data && (
              <CsvButton
                filename={`retainly-cadence-${slug(report.data.name)}-${range.from}-to-${range.to}.csv`}
                header={['Step', ...csvHeader(columns)]}
                rows={[...steps, ...(total ? [total] : [])].map((r) => [stepLabel(r, cadence), ...csvCells(columns, r)])}
              />
            )}
          </Group>
          {report.error ? (
            <ErrorAlert error={report.error} onRetry={() => report.refetch()} />
          ) : !report.data ? (
            <Group justify="center" p="lg">
              <Loader aria-label="Loading the cadence report" />
            </Group>
          ) : (
            <>
              <Group px="md" pb="sm" gap="xs" align="center">
                <Title order={2} size="h3" id="by-step">
                  Per step
                </Title>
                {cadence && <Badge color={cadence.status === 'active' ? 'teal' : 'gray'}>{humanize(cadence.status)}</Badge>}
                <Text size="sm" c="dimmed">
                  Sends to{' '}
                  <Anchor component={Link} to={`/segments/${report.data.segmentId}`} size="sm">
                    {segmentName ?? 'its segment'}
                  </Anchor>
                </Text>
              </Group>
              <MetricsTable rows={steps} rowKey={(r) => String(r.step)} lead={{ header: 'Step', cell: (r) => <Text size="sm" fw={500}>{stepLabel(r, cadence)}</Text> }} columns={columns} footer={total} label="Report per step" testId="cadence-report" />
            </>
          )}
        </Card>
      )}
    </ReportsFrame>
  );
}
