/**
 * Activate, pause, resume, archive: each asks first and says what will happen to whom
 * (activation: whether the segment's current members are enrolled too, on by default).
 */
import { Button, Stack, Switch, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { CadenceView } from '../../api';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { formatNumber } from '../../ui/format';
import { IconArchive, IconPause, IconPlay } from '../../ui/icons';
import { useCadenceAction, type CadenceAction } from './cadences.api';
import { durationWords } from './duration';

interface Props {
  cadence: CadenceView;
  segmentName: string;
  memberCount: number | null;
  /** Unsaved design changes: they must be saved (or dropped) before the status changes. */
  unsaved: boolean;
}

const plural = (n: number, one: string, many: string) => `${formatNumber(n)} ${n === 1 ? one : many}`;

export function StatusActions({ cadence, segmentName, memberCount, unsaved }: Props) {
  const [asking, setAsking] = useState<CadenceAction | null>(null);
  const [enrollExisting, setEnrollExisting] = useState(true);
  const action = useCadenceAction(cadence.id);
  const close = () => {
    setAsking(null);
    action.reset();
  };
  const run = (a: CadenceAction) => action.mutate({ action: a, enrollExisting }, { onSuccess: close });
  const active = cadence.enrollments?.active ?? 0;
  const firstDelay = durationWords(cadence.steps[0]?.delay ?? '');
  const why = unsaved ? 'Save or discard your changes first' : undefined;

  const button = (a: CadenceAction, label: string, icon: ReactNode, variant: 'filled' | 'default') => (
    <Button key={a} variant={variant} color={a === 'archive' ? 'red' : undefined} leftSection={icon} onClick={() => setAsking(a)} disabled={unsaved} title={why}>
      {label}
    </Button>
  );

  return (
    <>
      {cadence.status === 'draft' && button('activate', 'Activate', <IconPlay size={16} />, 'filled')}
      {cadence.status === 'active' && button('pause', 'Pause', <IconPause size={16} />, 'default')}
      {cadence.status === 'paused' && button('resume', 'Resume', <IconPlay size={16} />, 'filled')}
      {cadence.status !== 'archived' && button('archive', 'Archive', <IconArchive size={16} />, 'default')}

      <ConfirmDialog
        opened={asking === 'activate'}
        title={`Activate “${cadence.name}”?`}
        confirmLabel="Activate"
        confirmColor="brand"
        pending={action.isPending}
        error={action.error}
        onClose={close}
        onConfirm={() => run('activate')}
      >
        <Stack gap="sm">
          <Text size="sm">
            From now on, every customer who enters “{segmentName}” is enrolled, and step 1 goes out {firstDelay} after they enter.
          </Text>
          <Switch
            checked={enrollExisting}
            onChange={(e) => setEnrollExisting(e.currentTarget.checked)}
            label={memberCount === null ? 'Also enroll the segment’s current members' : `Also enroll the segment’s ${plural(memberCount, 'current member', 'current members')}`}
            description={enrollExisting ? `Their step 1 is due ${firstDelay} from now.` : 'Only customers who enter the segment from now on are enrolled.'}
          />
        </Stack>
      </ConfirmDialog>

      <ConfirmDialog opened={asking === 'pause'} title={`Pause “${cadence.name}”?`} confirmLabel="Pause" confirmColor="yellow" pending={action.isPending} error={action.error} onClose={close} onConfirm={() => run('pause')}>
        No email of this cadence goes out while it is paused. The {plural(active, 'customer', 'customers')} enrolled keep their place; customers who enter the segment meanwhile are not enrolled. Exit conditions still apply.
      </ConfirmDialog>

      <ConfirmDialog opened={asking === 'resume'} title={`Resume “${cadence.name}”?`} confirmLabel="Resume" confirmColor="brand" pending={action.isPending} error={action.error} onClose={close} onConfirm={() => run('resume')}>
        Steps that fell due during the pause go out now (quiet hours and the frequency cap still apply), and customers who enter the segment are enrolled again.
      </ConfirmDialog>

      <ConfirmDialog opened={asking === 'archive'} title={`Archive “${cadence.name}”?`} confirmLabel="Archive for good" pending={action.isPending} error={action.error} onClose={close} onConfirm={() => run('archive')}>
        The cadence stops for good and cannot be activated again: {active > 0 ? `its ${plural(active, 'active enrollment ends', 'active enrollments end')} (reason: the cadence was archived)` : 'it has no active enrollment'}. Its history, enrollments and reports stay.
      </ConfirmDialog>
    </>
  );
}
