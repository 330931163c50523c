/**
 * The sections of the app, in navigation order. A new section (segments, templates, cadences,
 * reports) is a folder under features/ exporting a `Section` from its index.ts, added here.
 */
import { dashboardSection } from '../features/dashboard';
import { customersSection } from '../features/customers';
import { segmentsSection } from '../features/segments';
import { reportsSection } from '../features/reports';
import { outboxSection } from '../features/outbox';
import { templatesSection } from '../features/templates';
import { cadencesSection } from '../features/cadences';
import { settingsSection } from '../features/settings';
import type { Capability, Section } from './section';
import type { Role } from '../api';

export const sections: Section[] = [dashboardSection, customersSection, segmentsSection, templatesSection, cadencesSection, reportsSection, outboxSection, settingsSection];

export function sectionVisible(section: Section, role: Role, capabilities: Partial<Record<Capability, boolean>>): boolean {
  if (section.roles && !section.roles.includes(role)) return false;
  if (section.requires && capabilities[section.requires] !== true) return false;
  return true;
}
