/** Small pieces the segment pages share: the status badge, the growth figure, the manual-clock hint. */
import { Alert, Badge, Button, Group, Loader, Text, Tooltip } from '@mantine/core';
import type { HistoryDay, SegmentStatus } from '../../api';
import { usePermissions } from '../../app/session';
import { formatNumber } from '../../ui/format';
import { useAdvanceClock, useClock } from '../system/system.api';

export function SegmentStatusBadge({ status }: { status: SegmentStatus }) {
  return status === 'ready' ? (
    <Tooltip label="Membership is current and follows the data as it changes" withArrow>
      <Badge color="teal">Ready</Badge>
    </Tooltip>
  ) : (
    <Tooltip label="Membership is being built from the rules" withArrow>
      <Badge color="yellow" leftSection={<Loader size={10} color="yellow.9" aria-hidden="true" />}>
        Building
      </Badge>
    </Tooltip>
  );
}

/** Change in members over the last `days` days of a history (its last `days + 1` points). */
export function growthOf(history: HistoryDay[] | undefined, days: number): number | null {
  if (!history?.length) return null;
  const window = history.slice(-(days + 1));
  return window[window.length - 1]!.members - window[0]!.members;
}

export function Growth({ value, days }: { value: number | null; days: number }) {
  if (value === null) return <Text size="sm" c="dimmed">—</Text>;
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  return (
    <Text size="sm" fw={500} c={value > 0 ? 'teal.9' : value < 0 ? 'red.9' : 'dimmed'} className="tabular" aria-label={`${value >= 0 ? 'Up' : 'Down'} ${formatNumber(Math.abs(value))} in ${days} days`}>
      {sign}
      {formatNumber(Math.abs(value))}
    </Text>
  );
}

/**
 * While a segment builds on a server with the simulated clock, nothing runs until the clock moves:
 * say so, and offer to run what is due now (an advance by 0s) to writers.
 */
export function BuildingNotice() {
  const clock = useClock();
  const { canWrite } = usePermissions();
  const advance = useAdvanceClock();
  const manual = clock.data?.mode === 'manual';
  return (
    <Alert color="yellow" variant="light" title="Building the membership" role="status">
      <Group justify="space-between" gap="sm">
        <Text size="sm" style={{ flex: '1 1 280px' }}>
          {manual
            ? 'This server runs on the simulated clock: the build runs when the clock moves or when you run the pending work.'
            : 'Retainly is matching every customer against the rules. This page updates when it is done.'}
        </Text>
        {manual && canWrite && (
          <Button size="xs" variant="white" color="dark" loading={advance.isPending} onClick={() => advance.mutate('0s')}>
            Run pending work now
          </Button>
        )}
      </Group>
    </Alert>
  );
}
