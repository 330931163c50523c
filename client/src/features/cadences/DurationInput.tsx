/** A duration as an amount and a unit ("3" "days"), kept as the API's string ("3d"). */
import { Group, NumberInput, Select, Text } from '@mantine/core';
import { useState } from 'react';
import { parseDuration, type DurationUnit } from './duration';

const units: { value: DurationUnit; label: string }[] = [
  { value: 'm', label: 'minutes' },
  { value: 'h', label: 'hours' },
  { value: 'd', label: 'days' },
  { value: 'w', label: 'weeks' },
];

interface Props {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  readOnly?: boolean;
  description?: string;
}

export function DurationInput({ label, value, onChange, error, readOnly, description }: Props) {
  const parsed = parseDuration(value);
  // The unit stays as picked while the amount is being retyped (an empty amount parses as nothing).
  const [lastUnit, setLastUnit] = useState<DurationUnit>(parsed?.unit ?? 'h');
  const unit = parsed?.unit ?? lastUnit;
  const amount = parsed?.amount ?? '';
  const data = unit === 's' ? [{ value: 's' as const, label: 'seconds' }, ...units] : units;
  return (
    <div>
      <Group gap={6} align="flex-end" wrap="nowrap">
        <NumberInput
          label={label}
          description={description}
          value={amount}
          min={0}
          max={999_999}
          allowDecimal={false}
          allowNegative={false}
          onChange={(v) => {
            setLastUnit(unit);
            onChange(`${v === '' ? '' : Number(v)}${unit}`);
          }}
          readOnly={readOnly}
          w={96}
          error={!!error}
        />
        <Select aria-label={`${label}: unit`} data={data} value={unit} onChange={(u) => {
            if (!u) return;
            setLastUnit(u as DurationUnit);
            onChange(`${amount}${u}`);
          }} readOnly={readOnly} allowDeselect={false} w={112} error={!!error} />
      </Group>
      {error && (
        <Text size="xs" c="var(--mantine-color-error)" mt={4}>
          {error}
        </Text>
      )}
    </div>
  );
}
