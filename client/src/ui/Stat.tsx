/** A labelled figure: the building block of stat grids and summaries. */
import { Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export function Stat({ label, value, hint }: { label: string; value: ReactNode; hint?: ReactNode }) {
  return (
    <Stack gap={2} miw={0}>
      <Text size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text size="lg" fw={600} className="tabular" lh={1.3} truncate>
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
