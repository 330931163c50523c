/**
 * Creating and editing a segment: name, description, the rule builder (with its JSON view) and the
 * live preview beside it, asked for 400 ms after the rules last changed. Saving a change of rules
 * rebuilds the membership: the segment's page shows it building, then ready.
 */
import { Button, Card, Center, Grid, Group, Loader, Stack, Textarea, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useBlocker, useNavigate, useParams } from 'react-router';
import { ApiError, fieldError, type ErrorDetail, type SegmentView } from '../../api';
import { usePermissions } from '../../app/session';
import { SectionUnavailable } from '../../app/RouteStates';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Page } from '../../ui/Page';
import { emptyGroup, toDraft, toRules, type Draft } from './builder/draft';
import { RuleBuilder } from './builder/RuleBuilder';
import { PreviewPanel } from './PreviewPanel';
import { useCreateSegment, usePreview, useRuleCatalog, useSegment, useSegments, useUpdateSegment } from './segments.api';
import classes from './segments.module.css';

const PREVIEW_DEBOUNCE_MS = 400;

export function NewSegmentPage() {
  const { canWrite } = usePermissions();
  if (!canWrite) return <ReadOnly />;
  return <SegmentEditor initial={null} />;
}

export function EditSegmentPage() {
  const { id = '' } = useParams();
  const { canWrite } = usePermissions();
  const segment = useSegment(id);
  if (!canWrite) return <ReadOnly id={id} />;
  if (segment.error) return <ErrorAlert error={segment.error} onRetry={() => segment.refetch()} />;
  if (!segment.data) {
    return (
      <Center p="xl">
        <Loader aria-label="Loading the segment" />
      </Center>
    );
  }
  return <SegmentEditor key={segment.data.id} initial={segment.data} />;
}

function ReadOnly({ id }: { id?: string }) {
  return <SectionUnavailable title="Viewers cannot change segments" text={id ? 'You can read this segment and its rules on its page. Ask a marketer or an admin to change it.' : 'Ask a marketer or an admin to create segments.'} />;
}

/** The API's details that name a part of the rules. */
const rulesDetails = (err: unknown): ErrorDetail[] => (err instanceof ApiError ? err.details.filter((d) => (d.field ?? d.path ?? '').split('.')[0] === 'rules') : []);

function SegmentEditor({ initial }: { initial: SegmentView | null }) {
  const navigate = useNavigate();
  const catalog = useRuleCatalog();
  const segments = useSegments();
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [draft, setDraft] = useState<Draft>(() => (initial ? toDraft(initial.rules) : emptyGroup()));
  const rulesJson = useMemo(() => JSON.stringify(toRules(draft)), [draft]);
  const [debounced] = useDebouncedValue(rulesJson, PREVIEW_DEBOUNCE_MS);
  const preview = usePreview(debounced);
  const create = useCreateSegment();
  const update = useUpdateSegment(initial?.id ?? '');
  const save = initial ? update : create;
  // Leaving with unsaved changes asks first; leaving after a save does not.
  const saved = useRef(false);
  const [initialJson] = useState(() => JSON.stringify(initial ? initial.rules : toRules(emptyGroup())));
  const dirty = name !== (initial?.name ?? '') || description !== (initial?.description ?? '') || rulesJson !== initialJson;
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && !saved.current && currentLocation.pathname !== nextLocation.pathname);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input = { name: name.trim(), description, rules: toRules(draft) };
    const done = (s: SegmentView) => {
      saved.current = true;
      navigate(`/segments/${s.id}`);
    };
    if (initial) update.mutate(input, { onSuccess: done });
    else create.mutate(input, { onSuccess: done });
  };

  // The preview's errors follow the rules as they change; a refused save adds its own.
  const errors = useMemo(() => {
    const seen = new Set<string>();
    return [...rulesDetails(preview.error), ...rulesDetails(save.error)].filter((d) => {
      const key = `${d.field ?? d.path}|${d.message}`;
      return !seen.has(key) && (seen.add(key), true);
    });
  }, [preview.error, save.error]);
  const others = (segments.data?.items ?? []).filter((s) => s.id !== initial?.id).map((s) => ({ id: s.id, name: s.name }));
  const title = initial ? `Edit ${initial.name}` : 'New segment';

  return (
    <form onSubmit={submit} noValidate>
      <Page
        title={title}
        description={initial ? 'A change of rules rebuilds the membership; customers who no longer match leave, with their exit recorded.' : 'Pick customers with conditions on their profile, their events and other segments. The preview shows who matches as you go.'}
        back={initial ? { to: `/segments/${initial.id}`, label: initial.name } : { to: '/segments', label: 'Segments' }}
        actions={
          <>
            <Button variant="default" component={Link} to={initial ? `/segments/${initial.id}` : '/segments'}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {initial ? 'Save changes' : 'Create segment'}
            </Button>
          </>
        }
      >
        <ErrorAlert error={save.error} shownFields={['name', 'description', ...errors.map((d) => d.field ?? d.path ?? '')]} />
        <Card>
          <Stack gap="sm">
            <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(save.error, 'name')} placeholder="e.g. Big spenders with an open cart" maxLength={200} />
            <Textarea label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={fieldError(save.error, 'description')} placeholder="What the segment is for (optional)" autosize minRows={1} maxRows={4} />
          </Stack>
        </Card>
        <Grid gap="lg" align="flex-start">
          <Grid.Col span={{ base: 12, lg: 8 }} miw={0}>
            <Card p={{ base: 'sm', sm: 'lg' }}>
              {catalog.error ? (
                <ErrorAlert error={catalog.error} onRetry={() => catalog.refetch()} />
              ) : !catalog.data ? (
                <Center p="lg">
                  <Loader aria-label="Loading the rule builder" />
                </Center>
              ) : (
                <RuleBuilder value={draft} onChange={setDraft} catalog={catalog.data} segments={others} errors={errors} />
              )}
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }} className={classes.preview}>
            <PreviewPanel data={preview.data} error={preview.error} updating={preview.isFetching || debounced !== rulesJson} />
          </Grid.Col>
        </Grid>
        <ConfirmDialog
          opened={blocker.state === 'blocked'}
          title="Leave without saving?"
          confirmLabel="Leave and discard"
          onConfirm={() => blocker.proceed?.()}
          onClose={() => blocker.reset?.()}
        >
          {initial ? 'Your changes to this segment are not saved.' : 'This segment is not saved yet.'} Leaving discards {initial ? 'them' : 'it'}.
        </ConfirmDialog>
        <Group justify="flex-end" hiddenFrom="lg">
          <Button type="submit" loading={save.isPending}>
            {initial ? 'Save changes' : 'Create segment'}
          </Button>
        </Group>
      </Page>
    </form>
  );
}
