/**
 * The steps on a timeline: entry, each step with its wait (after entry for the first, after the
 * previous step for the others) and when it falls at the earliest counted from entry, its
 * template, its skip and only-if conditions; steps are added, removed and reordered here.
 */
import { ActionIcon, Anchor, Badge, Button, Group, JsonInput, Paper, Select, Stack, Switch, Text, Timeline, Tooltip } from '@mantine/core';
import { Link } from 'react-router';
import type { TemplateSummary } from '../../api';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '../../ui/icons';
import { type FieldErrors, newStep, type StepForm } from './cadenceForm';
import { DurationInput } from './DurationInput';
import { cumulativeDelays, formatSpan } from './duration';
import { skipIfOptions, type SkipIf } from './labels';
import { ruleSummary } from './ruleSummary';
import classes from './cadences.module.css';

interface Props {
  steps: StepForm[];
  onChange: (steps: StepForm[]) => void;
  segmentLabel: string;
  templates: TemplateSummary[];
  errors: FieldErrors;
  jsonProblems: Map<number, string>;
  editable: boolean;
  segmentName: (id: string) => string;
}

const ONLY_IF_EXAMPLE = JSON.stringify({ all: [{ field: 'subscription.status', op: 'eq', value: 'subscribed' }, { field: 'stats.ordersCount', op: 'gte', value: 1 }] }, null, 2);

export function StepTimeline({ steps, onChange, segmentLabel, templates, errors, jsonProblems, editable, segmentName }: Props) {
  const at = cumulativeDelays(steps.map((s) => s.delay));
  const set = (i: number, patch: Partial<StepForm>) => onChange(steps.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...steps];
    const [s] = next.splice(i, 1);
    next.splice(i + by, 0, s!);
    onChange(next);
  };
  const last = at[at.length - 1];
  const templateData = templates.map((t) => ({ value: t.id, label: t.name }));

  return (
    <Stack gap="sm">
      <Timeline active={steps.length} bulletSize={28} lineWidth={2} className={classes.timeline} data-testid="step-timeline">
        <Timeline.Item bullet={<Text size="xs" fw={700}>in</Text>} title="Enters the segment">
          <Text size="sm" c="dimmed">
            A customer who enters {segmentLabel} while the cadence is active is enrolled.
          </Text>
        </Timeline.Item>
        {steps.map((step, i) => {
          const err = (f: string) => errors.under(`steps.${i}.${f}`);
          const when = at[i];
          const template = templates.find((t) => t.id === step.templateId);
          return (
            <Timeline.Item
              key={step.key}
              bullet={
                <Text size="xs" fw={700}>
                  {i + 1}
                </Text>
              }
              title={
                <Group gap="xs" justify="space-between" wrap="wrap">
                  <Group gap={6} wrap="wrap">
                    <Text fw={650}>Step {i + 1}</Text>
                    <Badge variant="light" color="brand" data-testid={`step-${i + 1}-when`}>
                      {when === null || when === undefined ? 'when: fix the wait' : `${formatSpan(when)} after entry`}
                    </Badge>
                  </Group>
                  {editable && (
                    <Group gap={4}>
                      <Tooltip label="Move up" withArrow>
                        <ActionIcon variant="subtle" color="gray" aria-label={`Move step ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                          <IconArrowUp size={16} />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label="Move down" withArrow>
                        <ActionIcon variant="subtle" color="gray" aria-label={`Move step ${i + 1} down`} disabled={i === steps.length - 1} onClick={() => move(i, 1)}>
                          <IconArrowDown size={16} />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label="Remove this step" withArrow>
                        <ActionIcon variant="subtle" color="red" aria-label={`Remove step ${i + 1}`} disabled={steps.length === 1} onClick={() => onChange(steps.filter((_, j) => j !== i))}>
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  )}
                </Group>
              }
            >
              <Paper withBorder p="sm" mt={6} className={classes.step}>
                <Stack gap="sm">
                  <Group gap="sm" align="flex-end" wrap="wrap">
                    <DurationInput label={`Step ${i + 1}: wait`} value={step.delay} onChange={(delay) => set(i, { delay })} error={err('delay')} readOnly={!editable} />
                    <Text size="sm" c="dimmed" pb={8}>
                      {i === 0 ? 'after entering the segment' : `after step ${i} was sent or skipped`}
                    </Text>
                  </Group>
                  <Group gap="xs" align="flex-end" wrap="wrap">
                    <Select
                      label={`Step ${i + 1}: template`}
                      placeholder="Pick a template"
                      data={templateData}
                      value={step.templateId}
                      onChange={(templateId) => set(i, { templateId })}
                      searchable
                      nothingFoundMessage="No template has that name"
                      error={err('templateId')}
                      readOnly={!editable}
                      className={classes.grow}
                    />
                    {template && (
                      <Anchor component={Link} to={`/templates/${template.id}`} size="sm" pb={8}>
                        Open the template
                      </Anchor>
                    )}
                  </Group>
                  {(i > 0 || step.skipIf) && (
                    <Select
                      label={`Step ${i + 1}: skip it`}
                      description="Earlier emails of this cadence to the same customer"
                      data={[{ value: 'never', label: 'Never: always send' }, ...skipIfOptions]}
                      value={step.skipIf ?? 'never'}
                      onChange={(v) => set(i, { skipIf: !v || v === 'never' ? null : (v as SkipIf) })}
                      allowDeselect={false}
                      error={err('skipIf')}
                      readOnly={!editable}
                    />
                  )}
                  <OnlyIf step={step} index={i} editable={editable} onChange={(onlyIf) => set(i, { onlyIf })} error={jsonProblems.get(i) ?? err('onlyIf')} segmentName={segmentName} />
                  {step.skipIf && <Text size="xs" c="dimmed">A skipped step is recorded as skipped, and the next one follows its wait as usual.</Text>}
                </Stack>
              </Paper>
            </Timeline.Item>
          );
        })}
        <Timeline.Item bullet={<Text size="xs" fw={700}>✓</Text>} title="Completes">
          <Text size="sm" c="dimmed">
            {last === null || last === undefined ? 'After the last step.' : `After step ${steps.length}, ${formatSpan(last)} after entry at the earliest (quiet hours and the frequency cap can move sends later).`}
          </Text>
        </Timeline.Item>
      </Timeline>
      {editable && (
        <Group>
          <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => onChange([...steps, newStep(steps[steps.length - 1]?.templateId ?? null)])} disabled={steps.length >= 50}>
            Add a step
          </Button>
          {errors.under('steps') && !steps.some((_, i) => errors.under(`steps.${i}`)) && (
            <Text size="sm" c="var(--mantine-color-error)">
              {errors.under('steps')}
            </Text>
          )}
        </Group>
      )}
    </Stack>
  );
}

function OnlyIf({ step, index, editable, onChange, error, segmentName }: { step: StepForm; index: number; editable: boolean; onChange: (v: string | null) => void; error?: string; segmentName: (id: string) => string }) {
  let summary: string | null = null;
  if (step.onlyIf !== null) {
    try {
      summary = ruleSummary(JSON.parse(step.onlyIf), segmentName);
    } catch {
      summary = null;
    }
  }
  return (
    <Stack gap={6}>
      <Switch
        label="Send only when a condition holds"
        description={step.onlyIf === null ? 'Checked when the step is due; otherwise the step is skipped.' : undefined}
        checked={step.onlyIf !== null}
        onChange={(e) => onChange(e.currentTarget.checked ? ONLY_IF_EXAMPLE : null)}
        disabled={!editable}
      />
      {step.onlyIf !== null && (
        <>
          {summary && (
            <Text size="sm" data-testid={`step-${index + 1}-only-if`}>
              Sent only if: <strong>{summary}</strong>
            </Text>
          )}
          <JsonInput
            label={`Step ${index + 1}: condition (segment rules, as JSON)`}
            description='The segment rule language: {"all": [...]}, {"any": [...]}, {"not": ...}, {"field", "op", "value"}, {"event", "within"}, {"inSegment"}. Checked when the step is due.'
            value={step.onlyIf}
            onChange={onChange}
            formatOnBlur
            autosize
            minRows={4}
            maxRows={14}
            error={error}
            readOnly={!editable}
          />
        </>
      )}
    </Stack>
  );
}
