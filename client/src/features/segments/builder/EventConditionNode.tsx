/**
 * An event condition: the event type (well-known types offered, any custom type accepted), how
 * many times (count op and value, "at least 1" by default), the window ("ever" or within a
 * duration), and filters on the event's properties (`where`).
 */
import { ActionIcon, Autocomplete, Box, Button, Group, NumberInput, Select, Stack, Text } from '@mantine/core';
import type { CountOp } from '../../../api';
import { IconPlus, IconTrash } from '../../../ui/icons';
import { useBuilder } from './context';
import { newWhere, updateNode, type Of, type WhereDraft } from './draft';
import { countOpLabels, eventLabel } from './fields';
import { ConditionInputs } from './FieldConditionNode';
import { NodeMenu, type Place } from './NodeMenu';
import { messagesAt, type PlacedError } from './tree';
import { DurationInput } from './ValueInput';
import classes from './builder.module.css';

type EventDraft = Of<'event'>;

/** The errors under `where.<i>`, re-rooted at the where row. */
function whereErrors(errors: PlacedError[] | undefined, i: number): PlacedError[] {
  const prefix = `where.${i}`;
  return (errors ?? []).filter((e) => e.rest === prefix || e.rest.startsWith(`${prefix}.`)).map((e) => ({ ...e, rest: e.rest.slice(prefix.length + 1) }));
}

export function EventConditionNode({ node, place }: { node: EventDraft; place?: Place }) {
  const b = useBuilder();
  const errors = b.errors.get(node.id);
  const set = (patch: Partial<EventDraft>) => b.edit((r) => updateNode<'event'>(r, node.id, (d) => ({ ...d, ...patch })));
  const setWhere = (id: string, w: WhereDraft | null) => set({ where: w ? node.where.map((x) => (x.id === id ? w : x)) : node.where.filter((x) => x.id !== id) });
  const known = b.catalog.events.find((e) => e.type === node.event);
  const eventData = [
    { group: 'From your shop', items: b.catalog.events.filter((e) => !e.system).map((e) => e.type) },
    { group: 'From Retainly (emails)', items: b.catalog.events.filter((e) => e.system).map((e) => e.type) },
  ];
  const count = node.count ?? { op: 'gte' as CountOp, value: 1 };
  const other = (errors ?? []).filter((e) => !/^(event|count|within|where)(\.|$)/.test(e.rest));
  const roomForWhere = b.conditionCount < b.catalog.limits.conditions;

  return (
    <Box className={classes.row} data-error={errors?.length ? true : undefined} role="group" aria-label={`Event condition: ${eventLabel(node.event)}`}>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <div className={classes.inputs}>
          <Text size="sm" fw={600} mt={7}>
            Did
          </Text>
          <Autocomplete
            aria-label="Event type"
            className={classes.field}
            data={eventData}
            value={node.event}
            onChange={(event) => set({ event })}
            placeholder="e.g. order_placed"
            error={messagesAt(errors, 'event')}
          />
          <Select
            aria-label="How many times"
            className={classes.op}
            data={Object.entries(countOpLabels).map(([value, label]) => ({ value, label }))}
            value={count.op}
            onChange={(op) => op && set({ count: { op: op as CountOp, value: count.value } })}
            allowDeselect={false}
            error={messagesAt(errors, 'count.op')}
          />
          <Group gap={6} wrap="nowrap" align="flex-start">
            <NumberInput
              aria-label="Number of times"
              value={count.value ?? ''}
              onChange={(v) => set({ count: { op: count.op, value: typeof v === 'number' ? v : null } })}
              min={0}
              allowDecimal={false}
              allowNegative={false}
              w={76}
              hideControls
              error={messagesAt(errors, 'count.value') ?? messagesAt(errors, 'count')}
            />
            <Text size="sm" mt={7}>
              {count.value === 1 ? 'time' : 'times'}
            </Text>
          </Group>
          <Select
            aria-label="When"
            className={classes.op}
            data={[
              { value: 'ever', label: 'ever' },
              { value: 'within', label: 'in the last' },
            ]}
            value={node.within === null ? 'ever' : 'within'}
            onChange={(v) => set({ within: v === 'within' ? (node.within ?? '30d') : null })}
            allowDeselect={false}
          />
          {node.within !== null && <DurationInput value={node.within} onChange={(within) => set({ within: within ?? '' })} label="Time window" error={messagesAt(errors, 'within')} />}
        </div>
        <NodeMenu node={node} place={place} label={eventLabel(node.event)} />
      </Group>
      {node.where.length > 0 && (
        <Stack gap={6} mt="xs" pl={{ base: 0, sm: 'md' }}>
          {node.where.map((w, i) => (
            <Group key={w.id} gap="xs" wrap="nowrap" align="flex-start" role="group" aria-label={`Property filter ${i + 1}`}>
              <Text size="sm" mt={7} w={44} ta="right">
                {i === 0 ? 'where' : 'and'}
              </Text>
              <ConditionInputs c={w} scope="event" errors={whereErrors(errors, i)} propertySuggestions={known?.properties ?? []} onChange={(c) => setWhere(w.id, { ...w, ...c })} />
              <ActionIcon variant="subtle" color="gray" aria-label={`Remove property filter ${i + 1}`} onClick={() => setWhere(w.id, null)} mt={4}>
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
        </Stack>
      )}
      <Button size="compact-sm" variant="subtle" leftSection={<IconPlus size={14} />} mt={6} disabled={!roomForWhere} onClick={() => set({ where: [...node.where, newWhere()] })}>
        Property filter
      </Button>
      {other.map((e, i) => (
        <Text key={i} size="xs" c="red" role="alert" mt={4}>
          {e.rest ? `${e.rest}: ` : ''}
          {e.message}
        </Text>
      ))}
    </Box>
  );
}
