/**
 * The simulated clock in the header (manual clock mode only): shows the server's "now"; marketers
 * and admins advance it by a duration, which runs every piece of work that falls due meanwhile.
 */
import { Button, Divider, Group, Popover, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { fieldError } from '../api';
import { useAdvanceClock, useClock } from '../features/system/system.api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { IconClock } from '../ui/icons';
import { usePermissions } from './session';

const presets = [
  { by: '1h', label: '+1 hour' },
  { by: '1d', label: '+1 day' },
  { by: '1w', label: '+1 week' },
];
const DURATION = /^\d{1,9}[smhdw]$/;

const long = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
const short = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

export function ClockControl() {
  const { data: clock } = useClock();
  const { canWrite } = usePermissions();
  const advance = useAdvanceClock();
  const [custom, setCustom] = useState('');
  const [customError, setCustomError] = useState<string | null>(null);
  if (!clock || clock.mode !== 'manual') return null;
  const now = new Date(clock.now);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const by = custom.trim();
    if (!DURATION.test(by)) {
      setCustomError('An integer and a unit (s, m, h, d, w), like 90m or 3d');
      return;
    }
    setCustomError(null);
    advance.mutate(by, { onSuccess: () => setCustom('') });
  };

  return (
    <Popover width={320} position="bottom-end" shadow="md" withArrow trapFocus>
      <Popover.Target>
        <Button variant="default" size="sm" leftSection={<IconClock size={16} />} aria-label={`Simulated time: ${long.format(now)}. Open the clock`} data-testid="clock-indicator">
          <Text span size="sm" c="dimmed" visibleFrom="md" mr={6}>
            Simulated
          </Text>
          <Text span size="sm" fw={500} visibleFrom="md">
            {long.format(now)}
          </Text>
          <Text span size="sm" fw={500} hiddenFrom="md">
            {short.format(now)}
          </Text>
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="sm">
          <div>
            <Text fw={650} size="sm">
              Simulated clock
            </Text>
            <Text size="sm" c="dimmed" mt={4}>
              Time stands still on this server (CLOCK_MODE=manual) and moves only when advanced. Advancing runs every piece of work that falls due, in time order: ageing, segment changes, cadence steps.
            </Text>
          </div>
          <Text size="sm">
            Now: <strong>{long.format(now)}</strong>
          </Text>
          {canWrite ? (
            <>
              <Divider />
              <SimpleGrid cols={3} spacing="xs">
                {presets.map((p) => (
                  <Button key={p.by} variant="light" size="xs" onClick={() => advance.mutate(p.by)} disabled={advance.isPending}>
                    {p.label}
                  </Button>
                ))}
              </SimpleGrid>
              <form onSubmit={submit} noValidate>
                <Group align="flex-start" gap="xs" wrap="nowrap">
                  <TextInput
                    label="Advance by"
                    placeholder="90m, 3d, 2w"
                    size="xs"
                    value={custom}
                    onChange={(e) => setCustom(e.currentTarget.value)}
                    error={customError ?? fieldError(advance.error, 'by')}
                    style={{ flex: 1 }}
                  />
                  <Button type="submit" size="xs" mt={22} loading={advance.isPending}>
                    Advance
                  </Button>
                </Group>
              </form>
              <ErrorAlert error={advance.error} shownFields={['by']} />
            </>
          ) : (
            <Text size="xs" c="dimmed">
              Marketers and admins can advance it.
            </Text>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
