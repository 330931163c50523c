/** Settings (admin only): users and API keys. */
import type { Section } from '../../app/section';
import { IconSettings } from '../../ui/icons';

export const settingsSection: Section = {
  path: 'settings',
  label: 'Settings',
  icon: IconSettings,
  roles: ['admin'],
  routes: [{ path: ':tab?', lazy: async () => ({ Component: (await import('./SettingsPage')).SettingsPage }) }],
};
