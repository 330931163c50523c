/** The dashboard at `/`. */
import type { Section } from '../../app/section';
import { IconDashboard } from '../../ui/icons';

export const dashboardSection: Section = {
  path: '',
  label: 'Dashboard',
  icon: IconDashboard,
  routes: [{ index: true, lazy: async () => ({ Component: (await import('./DashboardPage')).DashboardPage }) }],
};
