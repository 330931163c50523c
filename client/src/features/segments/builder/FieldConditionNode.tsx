/**
 * A condition on a profile field (or, inside an event condition, on an event property): the field,
 * the op among those valid for its type, the value typed to match, and the API's errors beside
 * the input they name.
 */
import { Autocomplete, Box, Group, Select, Text, TextInput } from '@mantine/core';
import type { RuleCatalog } from '../../../api';
import { useBuilder } from './context';
import { inferValueType, updateNode, type FieldDraft, type ValueType } from './draft';
import {
  ATTRIBUTE,
  EXISTS_FALSE,
  EXISTS_TRUE,
  enumValuesOf,
  fieldLabel,
  fieldOptions,
  fieldTypeOf,
  opOptions,
  opsOf,
  opValue,
  valueKind,
  valueTypeChoices,
  valueTypeLabels,
} from './fields';
import { NodeMenu, type Place } from './NodeMenu';
import { messagesAt, type PlacedError } from './tree';
import { ValueInput } from './ValueInput';
import classes from './builder.module.css';

type Condition = Pick<FieldDraft, 'field' | 'op' | 'value' | 'valueType'>;

const shape = (op: string): string => (op === 'in' || op === 'nin' ? 'list' : op === 'between' ? 'pair' : op === 'exists' ? 'none' : 'single');

/** The condition after a new field: the op kept when still valid, the value kept when still typed the same. */
export function withField(catalog: RuleCatalog, c: Condition, field: string): Condition {
  const ops = opsOf(catalog, field);
  const op = ops.includes(c.op) ? c.op : ops.includes('eq') ? 'eq' : (ops[0] ?? 'eq');
  const before = valueKind(fieldTypeOf(catalog, c.field), c.op, c.valueType);
  const after = valueKind(fieldTypeOf(catalog, field), op, c.valueType);
  const enumOk = after !== 'enum' || (typeof c.value === 'string' && enumValuesOf(catalog, field).includes(c.value));
  const keep = before === after && shape(op) === shape(c.op) && enumOk;
  return { field, op, value: keep ? c.value : op === 'exists' ? true : undefined, valueType: c.valueType };
}

export function withOp(catalog: RuleCatalog, c: Condition, choice: string): Condition {
  if (choice === EXISTS_TRUE || choice === EXISTS_FALSE) return { ...c, op: 'exists', value: choice === EXISTS_TRUE };
  const type = fieldTypeOf(catalog, c.field);
  const choices = valueTypeChoices(type, choice);
  const valueType = choices.length && !choices.includes(c.valueType) ? choices[0]! : c.valueType;
  const keep = shape(choice) === shape(c.op) && valueKind(type, choice, valueType) === valueKind(type, c.op, c.valueType);
  return { ...c, op: choice, value: keep ? c.value : undefined, valueType };
}

function convert(v: unknown, to: ValueType): unknown {
  if (Array.isArray(v)) return v.map((x) => convert(x, to)).filter((x) => x !== undefined);
  if (v === undefined || v === null) return undefined;
  if (to === 'number') return Number.isFinite(Number(v)) && v !== '' ? Number(v) : undefined;
  if (to === 'boolean') return typeof v === 'boolean' ? v : undefined;
  if (to === 'date') return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v : undefined;
  return String(v);
}

export function withValueType(c: Condition, to: ValueType): Condition {
  const value = convert(c.value, to);
  return { ...c, valueType: to, value: Array.isArray(value) && value.length === 0 ? undefined : value };
}

/** The inputs of one condition; `scope` says whether it names a profile field or an event property. */
export function ConditionInputs({ c, onChange, errors, scope, propertySuggestions = [] }: { c: Condition; onChange: (c: Condition) => void; errors?: PlacedError[]; scope: 'profile' | 'event'; propertySuggestions?: string[] }) {
  const { catalog } = useBuilder();
  const type = fieldTypeOf(catalog, c.field);
  const ops = opsOf(catalog, c.field);
  const choices = valueTypeChoices(type, c.op);
  const fieldError = messagesAt(errors, 'field');
  const label = fieldLabel(c.field);
  const isAttribute = c.field.startsWith('attributes.');
  const options = fieldOptions(catalog);
  const known = isAttribute || catalog.fields.some((f) => f.path === c.field);
  if (!known) options.unshift({ group: 'Not a known field', items: [{ value: c.field, label: c.field || '(empty)' }] });
  const opChoices = opOptions(ops.includes(c.op) || !c.op ? ops : [...ops, c.op], type);

  return (
    <div className={classes.inputs}>
      {scope === 'profile' ? (
        <>
          <Select
            aria-label="Field"
            className={classes.field}
            data={options}
            value={isAttribute ? ATTRIBUTE : c.field}
            onChange={(v) => v && onChange(withField(catalog, c, v === ATTRIBUTE ? (isAttribute ? c.field : 'attributes.') : v))}
            searchable
            allowDeselect={false}
            error={isAttribute ? undefined : fieldError}
            maxDropdownHeight={320}
          />
          {isAttribute && (
            <TextInput
              aria-label="Attribute name"
              placeholder="e.g. plan or address.city"
              className={classes.field}
              value={c.field.slice('attributes.'.length)}
              onChange={(e) => onChange({ ...c, field: `attributes.${e.currentTarget.value}` })}
              error={fieldError}
            />
          )}
        </>
      ) : (
        <PropertyInput value={c.field} onChange={(field) => onChange({ ...c, field })} suggestions={propertySuggestions} error={fieldError} />
      )}
      <Select
        aria-label={`Comparison for ${label}`}
        className={classes.op}
        data={opChoices}
        value={opValue(c.op, c.value)}
        onChange={(v) => v && onChange(withOp(catalog, c, v))}
        allowDeselect={false}
        error={messagesAt(errors, 'op')}
      />
      {choices.length > 1 && (
        <Select
          aria-label={`Value type for ${label}`}
          className={classes.valueType}
          data={choices.map((t) => ({ value: t, label: valueTypeLabels[t] }))}
          value={choices.includes(c.valueType) ? c.valueType : choices[0]}
          onChange={(v) => v && onChange(withValueType(c, v as ValueType))}
          allowDeselect={false}
        />
      )}
      <ValueInput
        kind={valueKind(type, c.op, choices.includes(c.valueType) ? c.valueType : (choices[0] ?? c.valueType))}
        op={c.op}
        value={c.value}
        onChange={(value) => onChange({ ...c, value })}
        enumValues={enumValuesOf(catalog, c.field)}
        label={`Value for ${label}`}
        error={messagesAt(errors, 'value')}
      />
    </div>
  );
}

/** An event property's name, written as the API wants it (`properties.<name>`), with known names offered. */
function PropertyInput({ value, onChange, suggestions, error }: { value: string; onChange: (v: string) => void; suggestions: string[]; error?: string }) {
  const name = value.startsWith('properties.') ? value.slice('properties.'.length) : value;
  return (
    <Autocomplete
      aria-label="Event property"
      className={classes.field}
      data={suggestions}
      value={name}
      onChange={(v) => onChange(`properties.${v}`)}
      placeholder="Property, e.g. total"
      error={error}
    />
  );
}

export function FieldConditionNode({ node, place }: { node: FieldDraft; place?: Place }) {
  const b = useBuilder();
  const errors = b.errors.get(node.id);
  const other = (errors ?? []).filter((e) => !['field', 'op', 'value'].includes(e.rest.split('.')[0]!));
  return (
    <Box className={classes.row} data-error={errors?.length ? true : undefined} role="group" aria-label={`Condition: ${fieldLabel(node.field)}`}>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <ConditionInputs c={node} scope="profile" errors={errors} onChange={(c) => b.edit((r) => updateNode<'field'>(r, node.id, (d) => ({ ...d, ...c, valueType: c.valueType ?? inferValueType(c.value, c.op) })))} />
        <NodeMenu node={node} place={place} label={fieldLabel(node.field)} />
      </Group>
      {other.map((e, i) => (
        <Text key={i} size="xs" c="red" role="alert" mt={4}>
          {e.rest ? `${e.rest}: ` : ''}
          {e.message}
        </Text>
      ))}
    </Box>
  );
}
