import type { Role } from '../../api';

export const roleOptions: { value: Role; label: string; description: string }[] = [
  { value: 'admin', label: 'Admin', description: 'Everything, including users and API keys' },
  { value: 'marketer', label: 'Marketer', description: 'Creates and changes customers, segments, templates and cadences' },
  { value: 'viewer', label: 'Viewer', description: 'Reads everything, changes nothing' },
];

export const roleColor: Record<Role, string> = { admin: 'brand', marketer: 'teal', viewer: 'gray' };
