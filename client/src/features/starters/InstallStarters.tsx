/**
 * "Install the starter segments and cadences": the one-click way out of an empty workspace, for
 * marketers and admins (viewers are told who can). Says what it installed and what to do next.
 */
import { Alert, Anchor, Button, Text } from '@mantine/core';
import { Link } from 'react-router';
import { usePermissions } from '../../app/session';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { IconBolt, IconCheck } from '../../ui/icons';
import { useInstallStarters } from './starters.api';
import classes from './starters.module.css';

export function InstallStartersButton({ variant = 'filled' }: { variant?: 'filled' | 'light' | 'default' }) {
  const { canWrite } = usePermissions();
  const install = useInstallStarters();
  if (!canWrite) {
    return (
      <Text size="sm" c="dimmed">
        A marketer or an admin can install the starter segments and cadences.
      </Text>
    );
  }
  if (install.isSuccess) {
    const r = install.data;
    return (
      <Alert color="teal" variant="light" icon={<IconCheck />} title="Starters installed" ta="left">
        {Object.keys(r.segments).length} segments, {Object.keys(r.cadences).length} cadences and {Object.keys(r.templates).length} templates are ready. The cadences are drafts: review them and activate the ones you want in{' '}
        <Anchor component={Link} to="/cadences" inherit underline="always">
          Cadences
        </Anchor>
        .
      </Alert>
    );
  }
  return (
    <>
      <Button variant={variant} leftSection={<IconBolt size={16} />} loading={install.isPending} onClick={() => install.mutate()} className={classes.button}>
        Install the starter segments and cadences
      </Button>
      <ErrorAlert error={install.error} />
    </>
  );
}
