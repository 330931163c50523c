/**
 * The charts of the app, all drawn by recharts: a sparkline for table rows and a time chart (days
 * along the bottom, one line or bar series per metric). Both resize with their container; each
 * carries a text alternative, since a chart alone says nothing to a screen reader.
 */
import { Box, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Area, AreaChart, Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber } from './format';

/** Colours that keep 3:1 against white (WCAG non-text contrast) and tell apart for most colour vision. */
export const chartColors = {
  brand: '#4b50d2',
  teal: '#0b7a6f',
  orange: '#c2410c',
  pink: '#be185d',
  gray: '#6b7280',
  violet: '#7e22ce',
  sky: '#0369a1',
  lime: '#4d7c0f',
} as const;
export const seriesPalette = Object.values(chartColors);

const shortDay = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
const longDay = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
/** A `YYYY-MM-DD` day (UTC, as the API gives days) as "3 Mar". */
export const formatDay = (day: string): string => shortDay.format(new Date(`${day}T00:00:00Z`));
const formatLongDay = (day: string): string => longDay.format(new Date(`${day}T00:00:00Z`));

interface SparklineProps<T> {
  data: T[];
  dataKey: keyof T & string;
  /** What the line shows, read out instead of the chart ("Sends per day: 0 to 12"). */
  label: string;
  color?: string;
  width?: number | `${number}%`;
  height?: number;
}

export function Sparkline<T extends object>({ data, dataKey, label, color = chartColors.brand, width = 96, height = 28 }: SparklineProps<T>) {
  return (
    <Box role="img" aria-label={label} w={width} h={height} style={{ flex: 'none' }}>
      <ResponsiveContainer width="100%" height={height} initialDimension={{ width: typeof width === 'number' ? width : 96, height }}>
        <AreaChart data={data} margin={{ top: 2, right: 1, bottom: 2, left: 1 }} accessibilityLayer={false}>
          <YAxis hide domain={[0, 'dataMax']} />
          <Area type="monotone" dataKey={String(dataKey)} stroke={color} strokeWidth={1.5} fill={color} fillOpacity={0.12} isAnimationActive={false} dot={false} />
        </AreaChart>
      </ResponsiveContainer>
    </Box>
  );
}

export interface Series<T> {
  key: keyof T & string;
  label: string;
  color: string;
  /** Bars (counts per day) or a line (the default). */
  kind?: 'line' | 'bar';
}

interface TimeChartProps<T extends { date: string }> {
  data: T[];
  series: Series<T>[];
  /** The chart's title for assistive technology; the caption under the chart says what it shows. */
  label: string;
  caption?: ReactNode;
  height?: number;
  yFormat?: (v: number) => string;
}

export function TimeChart<T extends { date: string }>({ data, series, label, caption, height = 260, yFormat = formatNumber }: TimeChartProps<T>) {
  return (
    <Box component="figure" m={0} aria-label={label}>
      <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 600, height }}>
        <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} title={label}>
          <CartesianGrid stroke="#e3e6ea" vertical={false} />
          <XAxis dataKey="date" tickFormatter={formatDay} tick={{ fontSize: 12, fill: '#5c636e' }} tickLine={false} axisLine={{ stroke: '#cfd4da' }} minTickGap={24} />
          <YAxis allowDecimals={false} tickFormatter={(v: number) => yFormat(v)} tick={{ fontSize: 12, fill: '#5c636e' }} tickLine={false} axisLine={false} width={44} />
          <Tooltip labelFormatter={(d) => formatLongDay(String(d))} formatter={(v) => (typeof v === 'number' ? yFormat(v) : String(v))} />
          <Legend wrapperStyle={{ fontSize: 13 }} iconType="plainline" itemSorter={null} />
          {series.map((s) =>
            s.kind === 'bar' ? (
              <Bar key={s.key} dataKey={String(s.key)} name={s.label} fill={s.color} isAnimationActive={false} maxBarSize={18} />
            ) : (
              <Line key={s.key} type="monotone" dataKey={String(s.key)} name={s.label} stroke={s.color} strokeWidth={2} dot={data.length <= 14} isAnimationActive={false} />
            ),
          )}
        </ComposedChart>
      </ResponsiveContainer>
      {caption && (
        <Text component="figcaption" size="xs" c="dimmed" mt={4}>
          {caption}
        </Text>
      )}
    </Box>
  );
}
