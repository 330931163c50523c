/**
 * Per step: how many emails were sent, opened, clicked and led to an order (bars), and how many
 * were skipped, suppressed or failed, with the rates (the table carries every figure, for screen
 * readers too). Opens and clicks are human ones: machine opens are left out.
 */
import { Box, Card, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StepCounts, TemplateSummary } from '../../api';
import { formatNumber, formatPercent } from '../../ui/format';
import { SectionTitle } from '../../ui/Page';
import { Stat } from '../../ui/Stat';
import classes from './cadences.module.css';
import lists from '../../ui/lists.module.css';

const series = [
  { key: 'sent', label: 'Sent', color: 'var(--mantine-color-brand-7)' },
  { key: 'opened', label: 'Opened', color: 'var(--mantine-color-teal-7)' },
  { key: 'clicked', label: 'Clicked', color: 'var(--mantine-color-orange-6)' },
  { key: 'converted', label: 'Converted', color: 'var(--mantine-color-grape-7)' },
] as const;

const rate = (n: number, of: number) => (of > 0 ? formatPercent(n / of) : '—');

interface Props {
  counts: StepCounts[];
  templates: TemplateSummary[];
  templateIds: string[];
}

export function StepFunnel({ counts, templates, templateIds }: Props) {
  const data = counts.map((c) => ({ ...c, name: `Step ${c.step + 1}` }));
  const total = counts.reduce((n, c) => n + c.sent + c.skipped + c.suppressed + c.failed + c.expired, 0);
  const templateName = (i: number) => templates.find((t) => t.id === templateIds[i])?.name ?? '—';
  const summary = counts.map((c) => `step ${c.step + 1}: ${c.sent} sent, ${c.opened} opened, ${c.clicked} clicked, ${c.converted} converted`).join('; ');

  return (
    <Card>
      <SectionTitle>Per step</SectionTitle>
      {total === 0 ? (
        <Text size="sm" c="dimmed" mb="md">
          Nothing sent yet. Once the cadence is active and a customer reaches a step, its sends, opens, clicks and orders show here.
        </Text>
      ) : (
        <Box className={classes.chart} role="img" aria-label={`Bar chart per step: ${summary}`} data-testid="step-funnel-chart">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e3e6ea" />
              <XAxis dataKey="name" tick={{ fontSize: 12, fill: '#5c636e' }} tickLine={false} axisLine={{ stroke: '#c9ced6' }} />
              <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: '#5c636e' }} tickLine={false} axisLine={false} />
              <Tooltip cursor={{ fill: 'rgba(75, 80, 210, 0.06)' }} />
              <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
              {series.map((s) => (
                <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} radius={[3, 3, 0, 0]} maxBarSize={36} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </Box>
      )}
      <Table.ScrollContainer minWidth={760} mt="md" visibleFrom="md">
        <Table className={lists.table} fz="sm" data-testid="step-funnel-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Step</Table.Th>
              <Table.Th ta="right">Sent</Table.Th>
              <Table.Th ta="right">Opened</Table.Th>
              <Table.Th ta="right">Clicked</Table.Th>
              <Table.Th ta="right">Converted</Table.Th>
              <Table.Th ta="right">Skipped</Table.Th>
              <Table.Th ta="right">Suppressed</Table.Th>
              <Table.Th ta="right">Failed</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {counts.map((c) => (
              <Table.Tr key={c.step} data-testid={`funnel-step-${c.step + 1}`}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    Step {c.step + 1}
                  </Text>
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {templateName(c.step)}
                  </Text>
                </Table.Td>
                <Table.Td ta="right" className="tabular" data-metric="sent">
                  {formatNumber(c.sent)}
                </Table.Td>
                <Table.Td ta="right" className="tabular" data-metric="opened">
                  {formatNumber(c.opened)} <Rate n={c.opened} of={c.sent} />
                </Table.Td>
                <Table.Td ta="right" className="tabular" data-metric="clicked">
                  {formatNumber(c.clicked)} <Rate n={c.clicked} of={c.sent} />
                </Table.Td>
                <Table.Td ta="right" className="tabular" data-metric="converted">
                  {formatNumber(c.converted)}
                </Table.Td>
                <Table.Td ta="right" className="tabular" data-metric="skipped">
                  {formatNumber(c.skipped)}
                </Table.Td>
                <Table.Td ta="right" className="tabular" data-metric="suppressed">
                  {formatNumber(c.suppressed)}
                </Table.Td>
                <Table.Td ta="right" className="tabular" data-metric="failed">
                  {formatNumber(c.failed + c.expired)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Stack gap={0} hiddenFrom="md" component="ul" mt="md" className={lists.cards} data-testid="step-funnel-cards">
        {counts.map((c) => (
          <li key={c.step} className={lists.card}>
            <Text size="sm" fw={600}>
              Step {c.step + 1}{' '}
              <Text span size="xs" c="dimmed" fw={400}>
                {templateName(c.step)}
              </Text>
            </Text>
            <SimpleGrid cols={3} spacing="xs" verticalSpacing={6} mt={6}>
              <Stat size="md" label="Sent" value={formatNumber(c.sent)} />
              <Stat size="md" label="Opened" value={formatNumber(c.opened)} hint={rate(c.opened, c.sent)} />
              <Stat size="md" label="Clicked" value={formatNumber(c.clicked)} hint={rate(c.clicked, c.sent)} />
              <Stat size="md" label="Converted" value={formatNumber(c.converted)} />
              <Stat size="md" label="Skipped" value={formatNumber(c.skipped)} />
              <Stat size="md" label="Suppressed" value={formatNumber(c.suppressed)} />
            </SimpleGrid>
          </li>
        ))}
      </Stack>
      <Group gap="lg" mt="sm">
        <Text size="xs" c="dimmed">
          Rates are over the emails sent. Opens and clicks by machines (privacy proxies, link scanners) are left out. Suppressed: not sent because the address unsubscribed, bounced or complained. Failed includes steps found more than a day late after an outage.
        </Text>
      </Group>
    </Card>
  );
}

function Rate({ n, of }: { n: number; of: number }) {
  return (
    <Text span size="xs" c="dimmed">
      ({rate(n, of)})
    </Text>
  );
}
