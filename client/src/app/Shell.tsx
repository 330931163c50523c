/**
 * The frame around every page: header (brand, simulated clock, user), the section navigation
 * (a sidebar from `sm` up, a drawer behind the burger below), and the page itself.
 */
import { AppShell, Box, Burger, Group, NavLink, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useEffect } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { ClockControl } from './ClockControl';
import { UserMenu } from './UserMenu';
import { usePermissions } from './session';
import { sections, sectionVisible } from './sections';
import { useHealth, useOutboxAvailable } from '../features/system/system.api';
import classes from './Shell.module.css';

function Brand() {
  return (
    <UnstyledButton component={Link} to="/" className={classes.brand} aria-label="Retainly, go to the dashboard">
      <svg width="26" height="26" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="8" fill="var(--mantine-color-brand-7)" />
        <path d="M11 23V9h6a4 4 0 0 1 0 8h-6M17 17l5 6" fill="none" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <Text fw={700} size="lg" c="var(--mantine-color-text)">
        Retainly
      </Text>
    </UnstyledButton>
  );
}

function Navigation() {
  const { role } = usePermissions();
  const outbox = useOutboxAvailable();
  const { pathname } = useLocation();
  const visible = sections.filter((s) => sectionVisible(s, role, { outbox }));
  return (
    <nav aria-label="Main">
      {visible.map((s) => {
        const to = `/${s.path}`;
        const active = s.path === '' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
        return (
          <NavLink
            key={s.path}
            component={Link}
            to={to}
            label={s.label}
            leftSection={<s.icon size={18} />}
            active={active}
            aria-current={active ? 'page' : undefined}
            className={classes.navLink}
          />
        );
      })}
    </nav>
  );
}

function ServerStatus() {
  const { data } = useHealth();
  if (!data) return null;
  const ok = data.status === 'ok';
  return (
    <Group gap={8} wrap="nowrap">
      <Box className={classes.statusDot} data-ok={ok || undefined} aria-hidden="true" />
      <Text size="xs" c="dimmed">
        {ok ? 'All systems normal' : 'The database is unreachable'} · v{data.version}
      </Text>
    </Group>
  );
}

export function Shell() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const { pathname } = useLocation();
  // Below `sm` the navigation slides out of view when closed: keep it out of the tab order too.
  const phone = useMediaQuery('(max-width: 47.99em)');
  // The mobile drawer closes once the user has picked a page.
  useEffect(() => close(), [pathname, close]);

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding={{ base: 'md', sm: 'xl' }} className={classes.shell}>
      <AppShell.Header className={classes.header}>
        <Group h="100%" px={{ base: 'sm', sm: 'lg' }} justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={opened ? 'Close navigation' : 'Open navigation'} />
            <Brand />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <ClockControl />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" className={classes.navbar} inert={phone && !opened}>
        <AppShell.Section grow component={ScrollArea}>
          <Navigation />
        </AppShell.Section>
        <AppShell.Section p="xs" pt="md">
          <ServerStatus />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main className={classes.main}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
