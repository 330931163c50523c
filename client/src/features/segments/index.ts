/** Segments: the list with growth, the rule builder (create, edit), one segment's page. */
import type { Section } from '../../app/section';
import { IconSegments } from '../../ui/icons';

export const segmentsSection: Section = {
  path: 'segments',
  label: 'Segments',
  icon: IconSegments,
  routes: [
    { index: true, lazy: async () => ({ Component: (await import('./SegmentsPage')).SegmentsPage }) },
    { path: 'new', lazy: async () => ({ Component: (await import('./SegmentEditorPage')).NewSegmentPage }) },
    { path: ':id', lazy: async () => ({ Component: (await import('./SegmentPage')).SegmentPage }) },
    { path: ':id/edit', lazy: async () => ({ Component: (await import('./SegmentEditorPage')).EditSegmentPage }) },
  ],
};
