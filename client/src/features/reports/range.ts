/** The date range of a report page, kept in the URL (`?from=&to=`) so a link or a reload shows the same days. */
import { useSearchParams } from 'react-router';
import { dayOf, lastDays, type DayRange } from '../../ui/DateRangePicker';
import { useServerNow } from '../system/system.api';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const DEFAULT_DAYS = 30;

export function useRangeParam(): { range: DayRange; today: string; setRange: (r: DayRange) => void } {
  const [params, setParams] = useSearchParams();
  const today = dayOf(useServerNow());
  const from = params.get('from');
  const to = params.get('to');
  const range = from && to && DAY.test(from) && DAY.test(to) && from <= to ? { from, to } : lastDays(today, DEFAULT_DAYS);
  const setRange = (r: DayRange) => {
    const next = new URLSearchParams(params);
    next.set('from', r.from);
    next.set('to', r.to);
    setParams(next, { replace: true });
  };
  return { range, today, setRange };
}
