/** Templates: the list (starters installable from it) and the editor with its live preview, versions and test sends. */
import type { Section } from '../../app/section';
import { IconTemplate } from '../../ui/icons';

const editor = async () => ({ Component: (await import('./TemplateEditorPage')).TemplateEditorPage });

export const templatesSection: Section = {
  path: 'templates',
  label: 'Templates',
  icon: IconTemplate,
  routes: [
    { index: true, lazy: async () => ({ Component: (await import('./TemplatesPage')).TemplatesPage }) },
    { path: 'new', lazy: editor },
    { path: ':id', lazy: editor },
  ],
};
