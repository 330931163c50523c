/** A labelled figure: the building block of stat grids and summaries. */
import { Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

interface Props {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  /** Smaller, wrapping values: for facts (names, dates) rather than figures. */
  compact?: boolean;
  /** The size of a figure (not compact): `lg` stands out, `md` fits four to a row in a card. */
  size?: 'md' | 'lg';
}

export function Stat({ label, value, hint, compact, size = 'lg' }: Props) {
  return (
    <Stack gap={2} miw={0}>
      <Text size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text size={compact ? 'sm' : size} fw={compact ? 500 : 600} className="tabular" lh={1.35} truncate={!compact} component="div">
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed" truncate>
          {hint}
        </Text>
      )}
    </Stack>
  );
}
