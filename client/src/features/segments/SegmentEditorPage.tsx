/**
 * Creating and editing a segment: name, description, the rule builder (with its JSON view) and the
 * live preview beside it, asked for 400 ms after the rules last changed. Saving a change of rules
 * rebuilds the membership: the segment's page shows it building, then ready.
 */
import { Button, Card, Center, Grid, Group, Loader, Stack, Textarea, TextInput } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { fieldError, type SegmentView } from '../../api';
import { usePermissions } from '../../app/session';
import { SectionUnavailable } from '../../app/RouteStates';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Page } from '../../ui/Page';
import { RuleBuilder } from './builder/RuleBuilder';
import { PreviewPanel } from './PreviewPanel';
import { useSegmentForm } from './segment-form';
import { useRuleCatalog, useSegment, useSegments } from './segments.api';
import classes from './segments.module.css';

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

function SegmentEditor({ initial }: { initial: SegmentView | null }) {
  const catalog = useRuleCatalog();
  const segments = useSegments();
  const { name, setName, description, setDescription, draft, setDraft, preview, previewStale, save, submit, errors, blocker } = useSegmentForm(initial);
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
            <PreviewPanel data={preview.data} error={preview.error} updating={preview.isFetching || previewStale} />
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
