/**
 * One cadence: its status and the actions that change it, the per-step funnel, the enrollments,
 * and the designer (editable by marketers and admins until it is archived). `/cadences/new` is the
 * designer alone.
 */
import { Badge, Box, Button, Card, EmptyState, Group, Loader, Stack, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { useMemo, useRef, useState } from 'react';
import { Link, useBlocker, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError, type CadenceView } from '../../api';
import { usePermissions } from '../../app/session';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatNumber } from '../../ui/format';
import { Page } from '../../ui/Page';
import { useOutboxAvailable } from '../system/system.api';
import { useTemplateOptions } from '../templates/templates.api';
import { CadenceDesigner } from './CadenceDesigner';
import { FieldErrors, NEW_CADENCE, formChanged, formOf, inputOf, jsonProblems, type CadenceForm } from './cadenceForm';
import { useCadence, useCreateCadence, useSegmentOptions, useUpdateCadence } from './cadences.api';
import { EnrollmentsTable } from './EnrollmentsTable';
import { ReviewQueue } from './ReviewQueue';
import { cadenceStatus } from './labels';
import { StatusActions } from './StatusActions';
import { StepFunnel } from './StepFunnel';
import classes from './cadences.module.css';

export function CadencePage() {
  const { id } = useParams();
  const cadence = useCadence(id);
  if (id && cadence.error) {
    const gone = cadence.error instanceof ApiError && cadence.error.status === 404;
    return (
      <Page title="Cadence" back={{ to: '/cadences', label: 'All cadences' }}>
        {gone ? (
          <Card py={48}>
            <EmptyState title="This cadence does not exist" description="The address is mistyped, or it points to another server’s cadence." />
          </Card>
        ) : (
          <ErrorAlert error={cadence.error} onRetry={() => cadence.refetch()} />
        )}
      </Page>
    );
  }
  if (id && !cadence.data) return <Loader aria-label="Loading the cadence" m="xl" />;
  return <CadenceScreen key={id ?? 'new'} saved={cadence.data} />;
}

const DESIGN_FIELDS = ['name', 'segmentId', 'steps', 'exitOn', 'reentry', 'quietHours', 'frequencyCap'];

function CadenceScreen({ saved }: { saved: CadenceView | undefined }) {
  const { canWrite } = usePermissions();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const segments = useSegmentOptions();
  const outbox = useOutboxAvailable();
  const templates = useTemplateOptions();
  const create = useCreateCadence();
  const update = useUpdateCadence(saved?.id ?? '');
  // Edits over the saved design, dropped when a save lands (the saved version moves on).
  const [edit, setEdit] = useState<{ version: number; form: CadenceForm } | null>(null);
  const base = useMemo(() => (saved ? formOf(saved) : NEW_CADENCE()), [saved]);
  const form = edit && edit.version === (saved?.version ?? 0) ? edit.form : base;
  const leaving = useRef(false);

  const editable = canWrite && saved?.status !== 'archived';
  const problems = jsonProblems(form);
  const dirty = !saved ? true : formChanged(form, saved);
  const mutation = saved ? update : create;
  const errors = FieldErrors.of(mutation.error);
  const refused = mutation.error instanceof ApiError && mutation.error.status === 400;
  const segment = segments.data?.find((s) => s.id === form.segmentId);
  const tab = params.get('tab') ?? (saved && saved.status !== 'draft' ? 'performance' : 'design');

  const change = (patch: Partial<CadenceForm>) => {
    if (mutation.error) mutation.reset();
    setEdit({ version: saved?.version ?? 0, form: { ...form, ...patch } });
  };
  const submit = () => {
    if (problems.size) return;
    const input = inputOf(form);
    if (!saved) {
      create.mutate(input, {
        onSuccess: (view) => {
          leaving.current = true;
          navigate(`/cadences/${view.id}?tab=design`, { replace: true });
        },
      });
    } else {
      const { segmentId, ...rest } = input;
      update.mutate(saved.status === 'draft' ? input : { ...rest, ...(segmentId !== saved.segmentId ? { segmentId } : {}) }, { onSuccess: () => setEdit(null) });
    }
  };
  const untouched = !saved && !edit;
  const blocker = useBlocker(({ currentLocation, nextLocation }) => canWrite && dirty && !untouched && !leaving.current && currentLocation.pathname !== nextLocation.pathname);

  const saveButtons = (
    <>
      {saved && dirty && (
        <Button variant="default" onClick={() => setEdit(null)} disabled={mutation.isPending}>
          Discard changes
        </Button>
      )}
      <Button onClick={submit} loading={mutation.isPending} disabled={!dirty || problems.size > 0}>
        {saved ? 'Save changes' : 'Create cadence'}
      </Button>
    </>
  );

  const designer = (
    <Stack gap="lg">
      {segments.data && segments.data.length === 0 && editable && (
        <Card>
          <EmptyState
            title="No segment to start from"
            description="A cadence starts when a customer enters a segment. Create a segment first (or install the starters from the cadence list), then come back."
          />
        </Card>
      )}
      <CadenceDesigner form={form} onChange={change} status={saved?.status ?? null} segments={segments.data ?? []} templates={templates.data ?? []} errors={errors} jsonProblems={problems} editable={editable} />
      {editable && (
        <Box className={classes.saveBar}>
          <Group justify="space-between" gap="sm" wrap="wrap">
            <Box miw={0} style={{ flex: '1 1 240px' }}>
              {refused ? (
                <Text size="sm" c="var(--mantine-color-error)" fw={500} role="alert">
                  Not saved: fix the fields marked in red.
                </Text>
              ) : null}
              <ErrorAlert error={mutation.error} shownFields={errors.shown(DESIGN_FIELDS)} title={refused ? 'Also' : undefined} />
              {!mutation.error && (
                <Text size="sm" c="dimmed">
                  {problems.size ? 'A condition is not valid JSON: fix it to save.' : dirty && !untouched ? 'You have unsaved changes.' : saved ? `Saved (version ${saved.version}).` : 'Name it, pick a segment and templates, then create it as a draft.'}
                </Text>
              )}
            </Box>
            <Group gap="xs">{saveButtons}</Group>
          </Group>
        </Box>
      )}
    </Stack>
  );

  const leaveDialog = (
    <ConfirmDialog opened={blocker.state === 'blocked'} title="Leave without saving?" confirmLabel="Discard my changes" onClose={() => blocker.reset?.()} onConfirm={() => blocker.proceed?.()}>
      Your changes to this cadence are not saved. They are lost if you leave this page now.
    </ConfirmDialog>
  );

  if (!saved) {
    return (
      <Page title="New cadence" back={{ to: '/cadences', label: 'All cadences' }} description="A series of emails that starts when a customer enters a segment. It is created as a draft: nothing is sent until you activate it.">
        {designer}
        {leaveDialog}
      </Page>
    );
  }

  const status = cadenceStatus[saved.status];
  const counts = saved.enrollments ?? { active: 0, completed: 0, exited: 0 };
  const segmentName = segments.data?.find((s) => s.id === saved.segmentId)?.name ?? 'its segment';
  return (
    <Page
      title={saved.name}
      back={{ to: '/cadences', label: 'All cadences' }}
      heading={
        <Group gap="sm" align="center">
          <Title order={1}>{saved.name}</Title>
          <Tooltip label={status.hint} withArrow>
            <Badge color={status.color} data-testid="cadence-status">
              {status.label}
            </Badge>
          </Tooltip>
        </Group>
      }
      description={
        <>
          Starts when a customer enters{' '}
          <Text span fw={500} c="var(--mantine-color-text)">
            {segmentName}
          </Text>
          {segment ? ` (${formatNumber(segment.memberCount)} members now)` : ''} · {saved.steps.length} step{saved.steps.length === 1 ? '' : 's'} · {formatNumber(counts.active)} active, {formatNumber(counts.completed)} completed, {formatNumber(counts.exited)} exited
        </>
      }
      actions={
        canWrite &&
        (dirty ? (
          saveButtons
        ) : (
          <StatusActions cadence={saved} segmentName={segmentName} memberCount={segment?.memberCount ?? null} unsaved={dirty} />
        ))
      }
    >
      <Tabs value={tab} onChange={(t) => setParams({ tab: t ?? 'design' }, { replace: true })} keepMounted={false}>
        <Tabs.List mb="lg">
          <Tabs.Tab value="performance">Performance</Tabs.Tab>
          <Tabs.Tab value="enrollments">Enrollments ({formatNumber(counts.active + counts.completed + counts.exited)})</Tabs.Tab>
          <Tabs.Tab value="design">{editable ? 'Design' : 'Steps and settings'}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="performance">
          <StepFunnel counts={saved.stepCounts ?? []} templates={templates.data ?? []} templateIds={saved.steps.map((s) => s.templateId)} />
          <ReviewQueue cadenceId={saved.id} />
          {outbox && (
            <Group mt="sm">
              <Button component={Link} to="/outbox" variant="subtle" size="xs">
                See the emails in the outbox
              </Button>
            </Group>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="enrollments">
          <EnrollmentsTable cadence={saved} />
        </Tabs.Panel>
        <Tabs.Panel value="design">{designer}</Tabs.Panel>
      </Tabs>
      {leaveDialog}
    </Page>
  );
}
