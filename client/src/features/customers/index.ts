/** Customers: the list (search, paging, import) and the profile page. */
import type { Section } from '../../app/section';
import { IconCustomers } from '../../ui/icons';

export const customersSection: Section = {
  path: 'customers',
  label: 'Customers',
  icon: IconCustomers,
  routes: [
    { index: true, lazy: async () => ({ Component: (await import('./CustomersPage')).CustomersPage }) },
    { path: ':id', lazy: async () => ({ Component: (await import('./CustomerPage')).CustomerPage }) },
  ],
};
