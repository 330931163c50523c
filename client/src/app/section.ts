/**
 * A section of the app: one entry in the navigation and the routes under its path. Each feature
 * folder exports its Section from its index.ts; app/sections.ts lists them in navigation order.
 */
import type { RouteObject } from 'react-router';
import type { Role } from '../api';
import type { Icon } from '../ui/icons';

/** Something the server may or may not offer, checked before a section is shown. */
export type Capability = 'outbox';

export interface Section {
  /** The URL path under `/` ('' for the dashboard at `/`). */
  path: string;
  label: string;
  icon: Icon;
  /** Roles that see the section (navigation and routes); everyone when unset. */
  roles?: Role[];
  /** A server capability the section needs; hidden without it. */
  requires?: Capability;
  /** Routes under `path`, pages loaded on first visit (`lazy`). */
  routes: RouteObject[];
}
