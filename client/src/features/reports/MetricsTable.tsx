/**
 * A table of report rows: one leading column (the segment, the step), the metric columns, and
 * optional extra cells (sparklines). From `lg` up a table; below, one card per row with the same
 * figures in a grid, so nothing scrolls sideways on a phone.
 */
import { Box, Group, SimpleGrid, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Column } from './columns';
import classes from './reports.module.css';
import lists from '../../ui/lists.module.css';

interface Props<T> {
  rows: T[];
  rowKey: (row: T) => string;
  /** The leading column: its header and what each row shows there. */
  lead: { header: string; cell: (row: T) => ReactNode };
  columns: Column<T>[];
  /** Extra trailing columns (e.g. a sparkline). */
  extra?: { header: string; cell: (row: T) => ReactNode }[];
  /** A last row in bold (a total). */
  footer?: T;
  label: string;
  testId?: string;
  /** Below this width the table scrolls sideways (from `lg` up; below, cards). */
  minWidth?: number;
}

export function MetricsTable<T>({ rows, rowKey, lead, columns, extra = [], footer, label, testId, minWidth = 900 }: Props<T>) {
  return (
    <>
      <Table.ScrollContainer minWidth={minWidth} visibleFrom="lg">
        <Table className={`${lists.table} ${classes.table}`} aria-label={label} data-testid={testId} horizontalSpacing="xs" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{lead.header}</Table.Th>
              {columns.map((c) => (
                <Table.Th key={c.key} ta="right" className={c.machine ? classes.machine : undefined} data-col={c.key}>
                  {c.hint ? (
                    <Tooltip label={c.hint} withArrow multiline maw={240}>
                      <span className={classes.hinted}>{c.header}</span>
                    </Tooltip>
                  ) : (
                    c.header
                  )}
                </Table.Th>
              ))}
              {extra.map((e) => (
                <Table.Th key={e.header}>{e.header}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={rowKey(r)} data-row={rowKey(r)}>
                <Table.Td className={classes.lead}>{lead.cell(r)}</Table.Td>
                {columns.map((c) => (
                  <Table.Td key={c.key} ta="right" className={`tabular ${c.machine ? classes.machine : ''}`} data-col={c.key}>
                    {c.format(r)}
                  </Table.Td>
                ))}
                {extra.map((e) => (
                  <Table.Td key={e.header}>{e.cell(r)}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
          {footer && (
            <Table.Tfoot>
              <Table.Tr className={classes.total}>
                <Table.Th scope="row">{lead.cell(footer)}</Table.Th>
                {columns.map((c) => (
                  <Table.Td key={c.key} ta="right" className={`tabular ${c.machine ? classes.machine : ''}`}>
                    {c.format(footer)}
                  </Table.Td>
                ))}
                {extra.map((e) => (
                  <Table.Td key={e.header} />
                ))}
              </Table.Tr>
            </Table.Tfoot>
          )}
        </Table>
      </Table.ScrollContainer>
      <Stack gap={0} hiddenFrom="lg" component="ul" className={`${lists.cards} ${classes.cards}`} aria-label={label}>
        {[...rows, ...(footer ? [footer] : [])].map((r, i) => (
          <li key={i < rows.length ? rowKey(r) : 'total'} className={i === rows.length ? classes.total : undefined}>
            <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
              <Box miw={0}>{lead.cell(r)}</Box>
              {extra.map((e) => (
                <Box key={e.header}>{e.cell(r)}</Box>
              ))}
            </Group>
            <SimpleGrid cols={{ base: 3, sm: 4 }} spacing="xs" verticalSpacing={6} mt={8} component="dl" m={0}>
              {columns.map((c) => (
                <div key={c.key} className={c.machine ? classes.machine : undefined}>
                  <Text component="dt" size="xs" c="dimmed">
                    {c.header}
                  </Text>
                  <Text component="dd" size="sm" fw={500} className="tabular" m={0}>
                    {c.format(r)}
                  </Text>
                </div>
              ))}
            </SimpleGrid>
          </li>
        ))}
      </Stack>
    </>
  );
}
