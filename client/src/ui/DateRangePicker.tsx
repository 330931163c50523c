/**
 * A range of days for reports (Mantine dates): presets for the usual windows, counted back from
 * the server's today (the simulated one in manual clock mode), and never past it.
 */
import { DatePickerInput } from '@mantine/dates';
import '@mantine/dates/styles.css';
import { useState } from 'react';

export interface DayRange {
  /** YYYY-MM-DD, UTC like the API's days. */
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
export const dayOf = (d: Date): string => d.toISOString().slice(0, 10);
export const daysBefore = (day: string, n: number): string => dayOf(new Date(Date.parse(`${day}T00:00:00Z`) - n * DAY_MS));
export const daysIn = (r: DayRange): number => Math.round((Date.parse(r.to) - Date.parse(r.from)) / DAY_MS) + 1;

/** The last `days` days up to and including `today`. */
export function lastDays(today: string, days: number): DayRange {
  return { from: daysBefore(today, days - 1), to: today };
}

interface Props {
  value: DayRange;
  onChange: (range: DayRange) => void;
  today: string;
  label?: string;
}

export function DateRangePicker({ value, onChange, today, label = 'Date range' }: Props) {
  // While the second day is being picked the range is half-open; only a whole range is applied.
  const [picking, setPicking] = useState<[string | null, string | null] | null>(null);
  const presets = [7, 30, 90, 365].map((n) => {
    const r = lastDays(today, n);
    return { value: [r.from, r.to] as [string, string], label: `Last ${n} days` };
  });
  return (
    <DatePickerInput
      type="range"
      label={label}
      value={picking ?? [value.from, value.to]}
      onChange={([from, to]) => {
        if (from && to) {
          setPicking(null);
          onChange({ from, to });
        } else setPicking([from, to]);
      }}
      onDropdownClose={() => setPicking(null)}
      presets={presets}
      maxDate={today}
      allowSingleDateInRange
      valueFormat="D MMM YYYY"
      miw={240}
      popoverProps={{ withinPortal: true }}
    />
  );
}
