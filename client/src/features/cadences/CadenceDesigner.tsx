/**
 * The cadence designer: name and segment, the steps on their timeline, when customers leave
 * (leaving the segment, exit events) and may come back (re-entry), and the sending rules (quiet
 * hours in the recipient's timezone, a frequency cap across all cadences). The API's validation
 * details appear next to the fields they name.
 */
import { Alert, Card, Checkbox, Grid, Group, NumberInput, Radio, Select, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import type { CadenceStatus, TemplateSummary } from '../../api';
import { formatNumber } from '../../ui/format';
import { SectionTitle } from '../../ui/Page';
import type { CadenceForm, FieldErrors } from './cadenceForm';
import type { SegmentOption } from './cadences.api';
import { DurationInput } from './DurationInput';
import { StepTimeline } from './StepTimeline';
import classes from './cadences.module.css';

const EXIT_EVENT_SUGGESTIONS = ['order_placed', 'cart_cleared', 'email_clicked', 'product_viewed'];

interface Props {
  form: CadenceForm;
  onChange: (patch: Partial<CadenceForm>) => void;
  status: CadenceStatus | null;
  segments: SegmentOption[];
  templates: TemplateSummary[];
  errors: FieldErrors;
  jsonProblems: Map<number, string>;
  editable: boolean;
}

export function CadenceDesigner({ form, onChange, status, segments, templates, errors, jsonProblems, editable }: Props) {
  const segment = segments.find((s) => s.id === form.segmentId);
  const segmentName = (id: string) => segments.find((s) => s.id === id)?.name ?? 'an unknown segment';
  const segmentLocked = status !== null && status !== 'draft';

  return (
    <Stack gap="lg">
      {status && status !== 'draft' && editable && (
        <Alert color="blue" variant="light">
          Changes apply to the customers already enrolled: each keeps its place and its next due time, and the step it reaches next is read from the new design.
        </Alert>
      )}
      <Card>
        <SectionTitle>Who and what</SectionTitle>
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <TextInput label="Name" required value={form.name} onChange={(e) => onChange({ name: e.currentTarget.value })} error={errors.under('name')} readOnly={!editable} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Select
              label="Segment"
              required
              placeholder={segments.length ? 'Pick the segment that starts it' : 'No segments yet: create one first'}
              description={segmentLocked ? 'The segment of an activated cadence cannot change: create a new cadence instead.' : segment ? `${formatNumber(segment.memberCount)} members now` : 'Entering it starts the cadence for a customer.'}
              data={segments.map((s) => ({ value: s.id, label: s.name }))}
              value={form.segmentId}
              onChange={(segmentId) => onChange({ segmentId })}
              searchable
              nothingFoundMessage="No segment has that name"
              error={errors.under('segmentId')}
              readOnly={!editable || segmentLocked}
            />
          </Grid.Col>
        </Grid>
      </Card>

      <Card p={{ base: 'sm', sm: 'lg' }}>
        <SectionTitle>Steps</SectionTitle>
        <StepTimeline
          steps={form.steps}
          onChange={(steps) => onChange({ steps })}
          segmentLabel={segment ? `“${segment.name}”` : 'the segment'}
          templates={templates}
          errors={errors}
          jsonProblems={jsonProblems}
          editable={editable}
          segmentName={segmentName}
        />
      </Card>

      <Card>
        <SectionTitle>Exit and re-entry</SectionTitle>
        <Stack gap="md">
          <Checkbox
            label="Exit when they leave the segment"
            description="Checked again before every step: a customer no longer in the segment gets nothing more."
            checked={form.leftSegment}
            onChange={(e) => onChange({ leftSegment: e.currentTarget.checked })}
            disabled={!editable}
          />
          <TagsInput
            label="Exit when they do one of these"
            description="Event types, like order_placed: the enrollment ends at once, between steps too. Unsubscribing always ends it."
            placeholder={editable ? 'Type an event type and press Enter' : undefined}
            data={EXIT_EVENT_SUGGESTIONS}
            value={form.exitEvents}
            onChange={(exitEvents) => onChange({ exitEvents: exitEvents.map((e) => e.trim()) })}
            error={errors.under('exitOn')}
            readOnly={!editable}
            clearable={editable}
          />
          <Radio.Group
            label="When they enter the segment again later"
            value={form.reentry}
            onChange={(v) => onChange({ reentry: v as CadenceForm['reentry'] })}
            error={errors.under('reentry.mode')}
          >
            <Stack gap="xs" mt={6}>
              <Radio value="never" label="Never enroll them again" disabled={!editable} />
              <Radio value="after" label="Enroll them again, once enough time has passed since their last enrollment ended" disabled={!editable} />
            </Stack>
          </Radio.Group>
          {form.reentry === 'after' && (
            <DurationInput label="Re-enroll after" value={form.reentryAfter} onChange={(reentryAfter) => onChange({ reentryAfter })} error={errors.under('reentry.after')} readOnly={!editable} />
          )}
        </Stack>
      </Card>

      <Card>
        <SectionTitle>Sending rules</SectionTitle>
        <Stack gap="lg">
          <Stack gap="xs">
            <Switch
              label="Quiet hours"
              description="No email in this window, in each customer’s own timezone; a step due in it goes out when it ends."
              checked={form.quietHours !== null}
              onChange={(e) => onChange({ quietHours: e.currentTarget.checked ? { start: '21:00', end: '08:00' } : null })}
              disabled={!editable}
            />
            {form.quietHours && (
              <Group gap="sm" align="flex-start" wrap="wrap" className={classes.indent}>
                <TextInput
                  type="time"
                  label="From"
                  value={form.quietHours.start}
                  onChange={(e) => onChange({ quietHours: { ...form.quietHours!, start: e.currentTarget.value } })}
                  error={errors.under('quietHours.start')}
                  readOnly={!editable}
                  w={140}
                />
                <TextInput
                  type="time"
                  label="Until"
                  value={form.quietHours.end}
                  onChange={(e) => onChange({ quietHours: { ...form.quietHours!, end: e.currentTarget.value } })}
                  error={errors.under('quietHours.end')}
                  readOnly={!editable}
                  w={140}
                />
                <Text size="sm" c="dimmed" mt={30}>
                  in the customer’s timezone
                </Text>
              </Group>
            )}
          </Stack>
          <Stack gap="xs">
            <Switch
              label="Frequency cap"
              description="At most this many emails to one customer in a rolling window, counting every cadence; a step over the cap waits for a free slot."
              checked={form.frequencyCap !== null}
              onChange={(e) => onChange({ frequencyCap: e.currentTarget.checked ? { max: 3, per: '1d' } : null })}
              disabled={!editable}
            />
            {form.frequencyCap && (
              <Group gap="sm" align="flex-start" wrap="wrap" className={classes.indent}>
                <NumberInput
                  label="At most"
                  suffix=" emails"
                  min={1}
                  max={1000}
                  allowDecimal={false}
                  value={form.frequencyCap.max}
                  onChange={(v) => onChange({ frequencyCap: { ...form.frequencyCap!, max: v === '' ? '' : Number(v) } })}
                  error={errors.under('frequencyCap.max')}
                  readOnly={!editable}
                  w={140}
                />
                <DurationInput label="Per" value={form.frequencyCap.per} onChange={(per) => onChange({ frequencyCap: { ...form.frequencyCap!, per } })} error={errors.under('frequencyCap.per')} readOnly={!editable} />
              </Group>
            )}
          </Stack>
        </Stack>
      </Card>
    </Stack>
  );
}
