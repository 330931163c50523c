/**
 * The template editor: name, subject, preheader, the MJML (CodeMirror) and an optional text part;
 * problems marked on their lines as the marketer types (the server checks the unsaved sources) and
 * again on save; the live preview of the unsaved sources at phone and desktop widths; versions and
 * test sends of what is saved. Viewers see all of it read only.
 */
import { Alert, Badge, Box, Button, Card, EmptyState, Grid, Group, Loader, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useBlocker, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError, type TemplateView } from '../../api';
import { usePermissions } from '../../app/session';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { IconCheck, IconTrash } from '../../ui/icons';
import { Page, SectionTitle } from '../../ui/Page';
import { IssueList } from './IssueList';
import { SourceEditor, type SourceEditorHandle } from './SourceEditor';
import { TemplatePreview, PreviewDataPicker, sourceOf, type PreviewData } from './TemplatePreview';
import { TestSendPanel } from './TestSendPanel';
import { VersionsPanel } from './VersionsPanel';
import { useCreateTemplate, useDeleteTemplate, useDraftPreview, useSaveTemplate, useTemplate, useVersionPreview } from './templates.api';
import { useIssues, useTemplateDraft, type Issue } from './useTemplateDraft';
import classes from './templates.module.css';

export function TemplateEditorPage() {
  const { id } = useParams();
  const template = useTemplate(id);
  if (id && template.error) {
    const gone = template.error instanceof ApiError && template.error.status === 404;
    return (
      <Page title="Template" back={{ to: '/templates', label: 'All templates' }}>
        {gone ? (
          <Card py={48}>
            <EmptyState title="This template does not exist" description="It was deleted, or the address is mistyped." />
          </Card>
        ) : (
          <ErrorAlert error={template.error} onRetry={() => template.refetch()} />
        )}
      </Page>
    );
  }
  if (id && !template.data) return <Loader aria-label="Loading the template" m="xl" />;
  return <Editor key={id ?? 'new'} saved={template.data} />;
}

interface SavedNote {
  version: number;
  kind: 'created' | 'version' | 'renamed';
}

function Editor({ saved }: { saved: TemplateView | undefined }) {
  const { canWrite } = usePermissions();
  const navigate = useNavigate();
  const location = useLocation();
  const { draft, update, reset, isNew, contentChanged, nameChanged, dirty, sources, settled } = useTemplateDraft(saved);
  const create = useCreateTemplate();
  const save = useSaveTemplate(saved?.id ?? '');
  const remove = useDeleteTemplate();
  const [note, setNote] = useState<SavedNote | null>((location.state as { saved?: SavedNote } | null)?.saved ?? null);
  const [deleting, setDeleting] = useState(false);
  const [data, setData] = useState<PreviewData>({ mode: 'sample', customer: null });
  const mjmlEditor = useRef<SourceEditorHandle>(null);
  const textEditor = useRef<SourceEditorHandle>(null);
  const leaving = useRef(false);

  // Unsaved sources are rendered by POST /templates/preview; what is saved, from its version.
  const live = isNew || contentChanged;
  const draftPreview = useDraftPreview(live ? settled : null, sourceOf(data), saved?.id);
  const savedPreview = useVersionPreview(saved?.id ?? '', !live && saved ? saved.version : null, sourceOf(data));
  const preview = live ? draftPreview : savedPreview;
  const saving = create.isPending || save.isPending;
  const saveError = create.error ?? save.error;
  // The live check's issues stay in place while the next check runs (no flicker as one types).
  const [checked, setChecked] = useState<unknown>(null);
  useEffect(() => {
    if (!live) setChecked(null);
    else if (!draftPreview.isFetching) setChecked(draftPreview.error);
  }, [live, draftPreview.isFetching, draftPreview.error]);
  const issues = useIssues(saveError, checked);

  const edit = (patch: Parameters<typeof update>[0]) => {
    if (saveError) {
      create.reset();
      save.reset();
    }
    setNote(null);
    update(patch);
  };

  const submit = () => {
    if (!canWrite || saving || !dirty) return;
    if (isNew) {
      create.mutate(
        { name: draft.name, ...sources },
        {
          onSuccess: (view) => {
            leaving.current = true;
            navigate(`/templates/${view.id}`, { replace: true, state: { saved: { version: view.version, kind: 'created' } } });
          },
        },
      );
      return;
    }
    const patch = { ...(nameChanged ? { name: draft.name } : {}), ...(contentChanged ? sources : {}) };
    save.mutate(patch, {
      onSuccess: (view) => {
        reset();
        setNote({ version: view.version, kind: contentChanged ? 'version' : 'renamed' });
      },
    });
  };
  useHotkeys([['mod+S', submit]], [], true);

  const blocker = useBlocker(({ currentLocation, nextLocation }) => canWrite && dirty && !leaving.current && !isNewAndUntouched() && currentLocation.pathname !== nextLocation.pathname);
  function isNewAndUntouched() {
    return isNew && !contentChanged && !draft.name;
  }

  const goTo = (issue: Issue) => {
    if (issue.field === 'mjml' && issue.line) mjmlEditor.current?.goToLine(issue.line);
    else if (issue.field === 'text' && issue.line) textEditor.current?.goToLine(issue.line);
    else document.getElementById(`template-${issue.field}`)?.focus();
  };
  const fieldMessage = (field: 'name' | 'subject' | 'preheader') => issues.of(field).map((i) => i.message).join('; ') || undefined;
  const title = isNew ? 'New template' : (saved?.name ?? 'Template');

  return (
    <Page
      title={title}
      back={{ to: '/templates', label: 'All templates' }}
      heading={
        <Group gap="sm" align="center">
          <Title order={1} className={classes.wrapAnywhere}>
            {isNew ? 'New template' : saved?.name}
          </Title>
          {saved && <Badge color="gray">Version {saved.version}</Badge>}
          {saved?.starterKey && <Badge color="violet">Starter</Badge>}
          {canWrite && dirty && !isNewAndUntouched() && <Badge color="yellow">Unsaved changes</Badge>}
        </Group>
      }
      description={
        canWrite
          ? isNew
            ? 'Write the email in MJML; {{…}} fills in the customer’s details. Problems are marked on their lines as you type, and the preview follows your changes.'
            : `Saving new content makes version ${(saved?.version ?? 0) + 1}: cadences send it from then on, and emails already sent keep the version they used.`
          : 'You can read this template and preview it; marketers and admins edit it.'
      }
      actions={
        canWrite && (
          <>
            {!isNew && (
              <Button variant="default" color="red" leftSection={<IconTrash size={16} />} onClick={() => setDeleting(true)}>
                Delete
              </Button>
            )}
            <Button onClick={submit} loading={saving} disabled={!dirty}>
              {isNew ? 'Create template' : contentChanged ? `Save as version ${(saved?.version ?? 0) + 1}` : nameChanged ? 'Save the name' : 'Saved'}
            </Button>
          </>
        )
      }
    >
      {note && (
        <Alert color="teal" variant="light" icon={<IconCheck />} withCloseButton closeButtonLabel="Dismiss" onClose={() => setNote(null)} data-testid="saved-note">
          {note.kind === 'created'
            ? 'Template created as version 1. Use it in a cadence step, or send yourself a test below.'
            : note.kind === 'version'
              ? `Saved as version ${note.version}. Cadences send it from now on; emails already sent keep the version they used.`
              : 'Name saved. The content did not change, so there is no new version.'}
        </Alert>
      )}
      <Card>
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 4 }}>
            <TextInput id="template-name" label="Name" description="Not shown to customers" value={draft.name} onChange={(e) => edit({ name: e.currentTarget.value })} readOnly={!canWrite} required error={fieldMessage('name')} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8 }}>
            <TextInput id="template-subject" label="Subject" description="Handlebars, like the body: {{customer.firstName}}" value={draft.subject} onChange={(e) => edit({ subject: e.currentTarget.value })} readOnly={!canWrite} required error={fieldMessage('subject')} />
          </Grid.Col>
          <Grid.Col span={12}>
            <TextInput
              id="template-preheader"
              label="Preheader"
              description="The line inboxes show after the subject"
              value={draft.preheader}
              onChange={(e) => edit({ preheader: e.currentTarget.value })}
              readOnly={!canWrite}
              error={fieldMessage('preheader')}
            />
          </Grid.Col>
        </Grid>
      </Card>
      <IssueList issues={issues.all} fromSave={!!saveError} onGoTo={goTo} />
      <ErrorAlert error={saveError instanceof ApiError && saveError.status === 400 ? null : saveError} />
      <Box className={classes.workbench}>
        <Card>
          <Stack gap="md">
            <SourceEditor
              ref={mjmlEditor}
              label="MJML"
              description="The email’s body. Partials: {{> layout-head}}, {{> layout-header}}, {{> layout-footer}} (with the unsubscribe link). Helpers: money, date, default, eq, gt, lt."
              language="mjml"
              value={draft.mjml}
              onChange={(mjml) => edit({ mjml })}
              issues={issues.of('mjml')}
              readOnly={!canWrite}
              minHeight="320px"
              maxHeight="640px"
            />
            {canWrite ? (
              <Switch
                label="Write the text part myself"
                description={draft.text === null ? 'Off: the text part is made from the HTML (links kept as [url]).' : 'The plain-text version mail clients show when they do not show HTML.'}
                checked={draft.text !== null}
                onChange={(e) => edit({ text: e.currentTarget.checked ? '' : null })}
              />
            ) : (
              draft.text === null && (
                <Text size="sm" c="dimmed">
                  The text part is made from the HTML (links kept as [url]): see it in the preview.
                </Text>
              )
            )}
            {draft.text !== null && (
              <SourceEditor
                ref={textEditor}
                label="Text part"
                language="text"
                value={draft.text}
                onChange={(text) => edit({ text })}
                issues={issues.of('text')}
                readOnly={!canWrite}
                minHeight="140px"
                maxHeight="400px"
                placeholder="Hello {{customer.firstName}}, …"
              />
            )}
          </Stack>
        </Card>
        <Card className={classes.sticky}>
          <SectionTitle>Preview</SectionTitle>
          <TemplatePreview
            what={live ? 'your unsaved changes' : `version ${saved?.version}`}
            preview={preview.data}
            pending={preview.isFetching}
            problem={
              issues.all.length > 0 ? (
                <Alert color="gray" variant="light">
                  Fix the problems above to see the preview update{preview.data ? '; this is the last version that rendered.' : '.'}
                </Alert>
              ) : (
                <ErrorAlert error={preview.error instanceof ApiError && preview.error.status === 400 ? null : preview.error} />
              )
            }
            controls={
              <Stack gap={6}>
                <Text size="xs" c="dimmed">
                  {live ? 'Your unsaved changes, rendered as you type. Links are not tracked in previews.' : `Version ${saved?.version} as saved. Links are not tracked in previews.`}
                </Text>
                <PreviewDataPicker value={data} onChange={setData} sampleLabel={saved?.starterKey ? 'Sample data' : 'Sample customer'} />
              </Stack>
            }
          />
        </Card>
      </Box>
      {saved && (
        <Box className={classes.workbench}>
          <VersionsPanel
            templateId={saved.id}
            current={saved.version}
            data={data}
            onLoad={canWrite ? (v) => edit({ subject: v.subject, preheader: v.preheader, mjml: v.mjml, text: v.text }) : undefined}
          />
          {canWrite && <TestSendPanel templateId={saved.id} version={saved.version} data={data} unsaved={contentChanged} />}
        </Box>
      )}
      {canWrite && saved && (
        <ConfirmDialog
          opened={deleting}
          title={`Delete “${saved.name}”?`}
          confirmLabel="Delete template"
          pending={remove.isPending}
          error={remove.error}
          onClose={() => setDeleting(false)}
          onConfirm={() =>
            remove.mutate(saved.id, {
              onSuccess: () => {
                leaving.current = true;
                navigate('/templates', { replace: true });
              },
            })
          }
        >
          It disappears from the list and from the step pickers. Emails already sent keep working: their links and unsubscribe pages stay valid. A template that a cadence still sends cannot be deleted.
        </ConfirmDialog>
      )}
      <ConfirmDialog
        opened={blocker.state === 'blocked'}
        title="Leave without saving?"
        confirmLabel="Discard my changes"
        onClose={() => blocker.reset?.()}
        onConfirm={() => blocker.proceed?.()}
      >
        Your changes to this template are not saved. They are lost if you leave this page now.
      </ConfirmDialog>
    </Page>
  );
}
