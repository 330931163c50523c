/** Settings (admin only): who can log in, and which integrations hold API keys. */
import { Tabs } from '@mantine/core';
import { useNavigate, useParams } from 'react-router';
import { Page } from '../../ui/Page';
import { ApiKeysPanel } from './ApiKeysPanel';
import { UsersPanel } from './UsersPanel';

export function SettingsPage() {
  const { tab } = useParams();
  const navigate = useNavigate();
  const current = tab === 'api-keys' ? 'api-keys' : 'users';
  return (
    <Page title="Settings" description="Who can log in to Retainly, and the API keys your shop and integrations use.">
      <Tabs value={current} onChange={(v) => navigate(v === 'api-keys' ? '/settings/api-keys' : '/settings', { replace: true })} keepMounted={false}>
        <Tabs.List mb="lg">
          <Tabs.Tab value="users">Users</Tabs.Tab>
          <Tabs.Tab value="api-keys">API keys</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="users">
          <UsersPanel />
        </Tabs.Panel>
        <Tabs.Panel value="api-keys">
          <ApiKeysPanel />
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}
