/** The route tree: the login page, then every section inside the shell, behind the session guard. */
import { Center, Loader } from '@mantine/core';
import { createBrowserRouter, Outlet } from 'react-router';
import { LoginPage } from '../features/auth/LoginPage';
import { RequireSession, usePermissions } from './session';
import { Shell } from './Shell';
import { sections } from './sections';
import type { Section } from './section';
import { useOutboxAvailable } from '../features/system/system.api';
import { NotFound, RouteError, SectionUnavailable } from './RouteStates';

/** Renders a section's pages only for the roles and servers it is meant for. */
function SectionGate({ section }: { section: Section }) {
  const { role } = usePermissions();
  const outbox = useOutboxAvailable();
  if (section.roles && !section.roles.includes(role)) {
    return <SectionUnavailable title={`${section.label} is for ${section.roles.join(' and ')}s`} text={`You are logged in as a ${role}. Ask an admin if you need access.`} />;
  }
  if (section.requires === 'outbox') {
    if (outbox === undefined) return <Loader aria-label="Loading" m="xl" />;
    if (!outbox) {
      return (
        <SectionUnavailable
          title="There is no outbox on this server"
          text="The outbox shows the emails caught by the embedded SMTP catcher. This server sends through SMTP_URL, so its emails go to real inboxes instead."
        />
      );
    }
  }
  return <Outlet />;
}

const fallback = (
  <Center h="100vh">
    <Loader aria-label="Loading" />
  </Center>
);

export function createRouter() {
  return createBrowserRouter([
    { path: '/login', element: <LoginPage />, hydrateFallbackElement: fallback },
    {
      path: '/',
      element: (
        <RequireSession>
          <Shell />
        </RequireSession>
      ),
      errorElement: <RouteError />,
      hydrateFallbackElement: fallback,
      children: [
        ...sections.map((s) => ({ path: s.path || undefined, element: <SectionGate section={s} />, children: s.routes })),
        { path: '*', element: <NotFound /> },
      ],
    },
  ]);
}
