/**
 * The value of a condition, typed by its field and op: a number, text, a yes/no, a date picker
 * (before, after, date comparisons), a duration like "30 days" (withinLast, moreThanAgo), a select
 * of the enum's values, two inputs for `between`, a tag input for `in` / `nin`.
 */
import { Group, MultiSelect, NumberInput, Select, TagsInput, Text, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import '@mantine/dates/styles.css';
import { useState } from 'react';
import { humanize } from '../../../ui/format';
import { durationUnits, parseDuration, type ValueKind } from './fields';
import classes from './builder.module.css';

interface Props {
  kind: ValueKind;
  op: string;
  value: unknown;
  onChange: (value: unknown) => void;
  enumValues: string[];
  /** Names the input for assistive technology, e.g. "Value of Cart status". */
  label: string;
  error?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}/;

/** A list item typed as the kind asks (numbers stay numbers; what does not parse is kept for the API to name). */
function listItem(kind: ValueKind, s: string): unknown {
  if (kind === 'number' && s.trim() !== '' && Number.isFinite(Number(s))) return Number(s);
  return s;
}

export function ValueInput({ kind, op, value, onChange, enumValues, label, error }: Props) {
  if (kind === 'none') return null;
  if (op === 'in' || op === 'nin') {
    const list = Array.isArray(value) ? value.map(String) : [];
    const set = (items: string[]) => onChange(items.length ? items.map((s) => listItem(kind, s)) : undefined);
    if (kind === 'enum') {
      return <MultiSelect aria-label={label} data={enumValues.map((v) => ({ value: v, label: humanize(v) }))} value={list} onChange={set} error={error} placeholder="Pick values" className={classes.value} />;
    }
    return (
      <TagsInput
        aria-label={label}
        value={list}
        onChange={set}
        error={error}
        placeholder={kind === 'number' ? 'Type a number, press Enter' : kind === 'date' ? 'YYYY-MM-DD, press Enter' : 'Type a value, press Enter'}
        className={classes.value}
        clearable
      />
    );
  }
  if (op === 'between') {
    const pair = Array.isArray(value) ? value : [];
    const setAt = (i: 0 | 1, v: unknown) => {
      const next = [pair[0] ?? null, pair[1] ?? null];
      next[i] = v ?? null;
      onChange(next[0] === null && next[1] === null ? undefined : next);
    };
    return (
      <Group gap={6} wrap="nowrap" className={classes.valuePair} align="flex-start">
        <Single kind={kind} value={pair[0]} onChange={(v) => setAt(0, v)} enumValues={enumValues} label={`${label}, from`} error={error} />
        <Text size="sm" mt={7} style={{ flex: 'none' }}>
          and
        </Text>
        <Single kind={kind} value={pair[1]} onChange={(v) => setAt(1, v)} enumValues={enumValues} label={`${label}, to`} error={error ? ' ' : undefined} />
      </Group>
    );
  }
  return (
    <div className={classes.value}>
      <Single kind={kind} value={value} onChange={onChange} enumValues={enumValues} label={label} error={error} />
    </div>
  );
}

function Single({ kind, value, onChange, enumValues, label, error }: Omit<Props, 'op'>) {
  switch (kind) {
    case 'number':
      return <NumberInput aria-label={label} value={typeof value === 'number' ? value : ''} onChange={(v) => onChange(typeof v === 'number' ? v : undefined)} error={error} placeholder="Number" allowDecimal hideControls />;
    case 'boolean':
      return (
        <Select
          aria-label={label}
          data={[
            { value: 'true', label: 'Yes (true)' },
            { value: 'false', label: 'No (false)' },
          ]}
          value={typeof value === 'boolean' ? String(value) : null}
          onChange={(v) => onChange(v === null ? undefined : v === 'true')}
          error={error}
          placeholder="Yes or no"
        />
      );
    case 'date':
      return (
        <DatePickerInput
          aria-label={label}
          value={typeof value === 'string' && DAY.test(value) ? value.slice(0, 10) : null}
          onChange={(v) => onChange(v ?? undefined)}
          valueFormat="D MMM YYYY"
          placeholder="Pick a date"
          error={error}
          clearable
          popoverProps={{ withinPortal: true }}
        />
      );
    case 'duration':
      return <DurationInput value={value} onChange={onChange} label={label} error={error} />;
    case 'enum':
      return (
        <Select aria-label={label} data={enumValues.map((v) => ({ value: v, label: humanize(v) }))} value={typeof value === 'string' ? value : null} onChange={(v) => onChange(v ?? undefined)} error={error} placeholder="Pick a value" />
      );
    default:
      return <TextInput aria-label={label} value={typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value)} onChange={(e) => onChange(e.currentTarget.value === '' ? undefined : e.currentTarget.value)} error={error} placeholder="Value" />;
  }
}

/** A duration as the API writes it ("30d"), entered as an amount and a unit. */
export function DurationInput({ value, onChange, label, error }: { value: unknown; onChange: (v: string | undefined) => void; label: string; error?: string }) {
  const parsed = parseDuration(value);
  const amount = parsed?.amount;
  // The unit picked before an amount is typed is kept here (the value has nowhere to hold it).
  const [pickedUnit, setPickedUnit] = useState('d');
  const unit = parsed?.unit ?? pickedUnit;
  return (
    <Group gap={6} wrap="nowrap" align="flex-start">
      <NumberInput
        aria-label={`${label}, amount`}
        value={amount ?? ''}
        min={1}
        allowDecimal={false}
        allowNegative={false}
        onChange={(v) => onChange(typeof v === 'number' ? `${v}${unit}` : undefined)}
        error={error}
        placeholder="30"
        w={84}
        hideControls
      />
      <Select
        aria-label={`${label}, unit`}
        data={durationUnits.map((u) => ({ value: u.value, label: u.label }))}
        value={unit}
        onChange={(u) => {
          if (!u) return;
          setPickedUnit(u);
          if (amount !== undefined) onChange(`${amount}${u}`);
        }}
        allowDeselect={false}
        w={112}
        error={error ? ' ' : undefined}
      />
    </Group>
  );
}
