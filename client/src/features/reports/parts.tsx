/** What both report pages share: the frame (title, date range, tabs) and the CSV button. */
import { Button, Group, Tabs } from '@mantine/core';
import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { downloadCsv, toCsv, type Cell } from '../../ui/csv';
import { DateRangePicker, type DayRange } from '../../ui/DateRangePicker';
import { IconDownload } from '../../ui/icons';
import { Page } from '../../ui/Page';

export function ReportsFrame({ tab, range, today, onRange, children }: { tab: 'segments' | 'cadences'; range: DayRange; today: string; onRange: (r: DayRange) => void; children: ReactNode }) {
  const navigate = useNavigate();
  const { search } = useLocation();
  // The range travels between the tabs; what was picked on one tab (a segment, a cadence) does not.
  const keep = new URLSearchParams(search);
  const carried = new URLSearchParams();
  for (const k of ['from', 'to']) if (keep.get(k)) carried.set(k, keep.get(k)!);
  const qs = carried.toString() ? `?${carried}` : '';
  return (
    <Page
      title={tab === 'segments' ? 'Reports' : 'Reports: cadences'}
      description="Sends, human opens and clicks, unsubscribes, bounces and the orders that followed a click. Emails count on the day they were sent."
      actions={<DateRangePicker value={range} onChange={onRange} today={today} />}
    >
      <Tabs value={tab} onChange={(v) => navigate(`/reports${v === 'cadences' ? '/cadences' : ''}${qs}`)}>
        <Tabs.List>
          <Tabs.Tab value="segments">By segment</Tabs.Tab>
          <Tabs.Tab value="cadences">By cadence</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {children}
    </Page>
  );
}

export function CsvButton({ filename, header, rows, disabled }: { filename: string; header: string[]; rows: Cell[][]; disabled?: boolean }) {
  return (
    <Group gap="xs">
      <Button variant="default" size="xs" leftSection={<IconDownload size={14} />} disabled={disabled} onClick={() => downloadCsv(filename, toCsv(header, rows))}>
        Export CSV
      </Button>
    </Group>
  );
}
