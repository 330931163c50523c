/** Reports: per segment (with each segment's days), per segment per day, per cadence step, the dashboard's overview. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type CadenceReport, type CadenceView, type OverviewReport, type Page, type SegmentReport, type SegmentTimeseries } from '../../api';
import type { DayRange } from '../../ui/DateRangePicker';

export const reportKeys = {
  all: ['reports'] as const,
  segments: (r: DayRange, daily: boolean) => ['reports', 'segments', r.from, r.to, daily] as const,
  timeseries: (id: string, r: DayRange) => ['reports', 'timeseries', id, r.from, r.to] as const,
  cadence: (id: string, r: DayRange | null) => ['reports', 'cadence', id, r?.from, r?.to] as const,
  overview: (r: DayRange) => ['reports', 'overview', r.from, r.to] as const,
  cadences: ['reports', 'cadence-list'] as const,
};

/**
 * Sends, opens and clicks arrive all the time (cadence steps, tracking): report figures are fresh
 * on every visit and kept current while on screen.
 */
const live = { staleTime: 0, refetchInterval: 60_000, placeholderData: keepPreviousData } as const;

/** `daily`: each row carries its days too (sparklines, segment sizes over time). */
export function useSegmentReport(range: DayRange, daily = false) {
  return useQuery({
    queryKey: reportKeys.segments(range, daily),
    queryFn: ({ signal }) => api.get<SegmentReport>('/reports/segments', { from: range.from, to: range.to, daily: daily || undefined }, signal),
    ...live,
  });
}

export function useSegmentTimeseries(id: string | null, range: DayRange) {
  return useQuery({
    queryKey: reportKeys.timeseries(id ?? '', range),
    queryFn: ({ signal }) => api.get<SegmentTimeseries>(`/reports/segments/${id}/timeseries`, { from: range.from, to: range.to, interval: 'day' }, signal),
    enabled: !!id,
    ...live,
  });
}

/** A cadence's steps; `range` null: all time. */
export function useCadenceReport(id: string | null, range: DayRange | null) {
  return useQuery({
    queryKey: reportKeys.cadence(id ?? '', range),
    queryFn: ({ signal }) => api.get<CadenceReport>(`/reports/cadences/${id}`, range ? { from: range.from, to: range.to } : undefined, signal),
    enabled: !!id,
    ...live,
  });
}

export function useOverview(range: DayRange) {
  return useQuery({
    queryKey: reportKeys.overview(range),
    queryFn: ({ signal }) => api.get<OverviewReport>('/reports/overview', { from: range.from, to: range.to }, signal),
    ...live,
  });
}

/** The cadences to pick a report from (archived ones included: their sends still count). */
export function useCadenceList() {
  return useQuery({ queryKey: reportKeys.cadences, queryFn: ({ signal }) => api.get<Page<CadenceView>>('/cadences', { limit: 500 }, signal) });
}
