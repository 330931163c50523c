/** Reports: per segment (table, CSV, one segment over time) and per cadence step, over a range of days. */
import type { Section } from '../../app/section';
import { IconReports } from '../../ui/icons';

export const reportsSection: Section = {
  path: 'reports',
  label: 'Reports',
  icon: IconReports,
  routes: [
    { index: true, lazy: async () => ({ Component: (await import('./SegmentReportsPage')).SegmentReportsPage }) },
    { path: 'cadences', lazy: async () => ({ Component: (await import('./CadenceReportPage')).CadenceReportPage }) },
  ],
};
