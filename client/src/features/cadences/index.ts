/** Cadences: the list (starters installable from it), the designer, status changes, the per-step funnel and enrollments. */
import type { Section } from '../../app/section';
import { IconCadence } from '../../ui/icons';

const cadence = async () => ({ Component: (await import('./CadencePage')).CadencePage });

export const cadencesSection: Section = {
  path: 'cadences',
  label: 'Cadences',
  icon: IconCadence,
  routes: [
    { index: true, lazy: async () => ({ Component: (await import('./CadencesPage')).CadencesPage }) },
    { path: 'new', lazy: cadence },
    { path: ':id', lazy: cadence },
  ],
};
