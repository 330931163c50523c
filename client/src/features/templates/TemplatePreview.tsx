/**
 * A rendered template as the customer would see it: the inbox line (subject and preheader), the
 * HTML at a phone's width (375 px) or a desktop mail client's (800 px) in a sandboxed frame without
 * scripts (scaled down when the screen is narrower), and the text part. Also the choice of whose
 * data fills it in: the sample data or a real customer.
 */
import { Alert, Box, Code, Group, Loader, SegmentedControl, Stack, Tabs, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useState, type ReactNode } from 'react';
import type { RenderedPreview } from '../../api';
import { CustomerPicker, type PickedCustomer } from '../customers/CustomerPicker';
import { previewDocument } from '../outbox/EmailPreview';
import type { PreviewSource } from './templates.api';
import classes from './templates.module.css';

export const PREVIEW_WIDTHS = { mobile: 375, desktop: 800 } as const;
export type PreviewWidth = keyof typeof PREVIEW_WIDTHS;
const FRAME_HEIGHT = 680;

/** The preheader the inbox shows: the hidden first element of the body (the compiler puts it there). */
export function inboxPreheader(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const first = doc.body.firstElementChild as HTMLElement | null;
  if (!first || !/display:\s*none/i.test(first.getAttribute('style') ?? '')) return '';
  return (first.textContent ?? '').replace(/[\u034f\u200c\u00a0\s]+$/u, '').trim();
}

/** The HTML at its true width, scaled to fit the space it has. */
export function EmailFrame({ html, width, title }: { html: string; width: number; title: string }) {
  const { ref, width: room } = useElementSize();
  const scale = room > 0 ? Math.min(1, room / width) : 1;
  return (
    <Box ref={ref} className={classes.frameRoom}>
      <Box className={classes.frameBox} style={{ width: width * scale, height: FRAME_HEIGHT * scale }}>
        <iframe
          title={title}
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          srcDoc={previewDocument(html, true)}
          className={classes.frame}
          style={{ width, height: FRAME_HEIGHT, transform: `scale(${scale})` }}
          data-testid="preview-frame"
          data-width={width}
        />
      </Box>
      {scale < 1 && (
        <Text size="xs" c="dimmed" ta="center" mt={4}>
          Shown at {Math.round(scale * 100)} % to fit this screen
        </Text>
      )}
    </Box>
  );
}

/** Whose data fills a preview in: the sample data, or a customer once one is picked. */
export interface PreviewData {
  mode: 'sample' | 'customer';
  customer: PickedCustomer | null;
}

export const sourceOf = (d: PreviewData): PreviewSource => (d.mode === 'customer' && d.customer ? { customerId: d.customer.id } : { sample: true });

/** Whose data the preview (and the test send) uses. */
export function PreviewDataPicker({ value, onChange, sampleLabel }: { value: PreviewData; onChange: (d: PreviewData) => void; sampleLabel: string }) {
  return (
    <Group gap="xs" align="flex-start" wrap="wrap">
      <SegmentedControl
        size="xs"
        aria-label="Fill the preview with"
        value={value.mode}
        onChange={(mode) => onChange({ ...value, mode: mode as PreviewData['mode'] })}
        data={[
          { value: 'sample', label: sampleLabel },
          { value: 'customer', label: 'A customer' },
        ]}
      />
      {value.mode === 'customer' && (
        <CustomerPicker aria-label="Customer whose data fills the preview" size="xs" value={value.customer} onChange={(customer) => onChange({ ...value, customer })} style={{ flex: '1 1 220px' }} />
      )}
    </Group>
  );
}

interface PreviewProps {
  preview: Omit<RenderedPreview, 'version'> | undefined;
  pending: boolean;
  /** Shown instead of the email (issues to fix, a failed request). */
  problem?: ReactNode;
  /** Above the email: the data picker, notes. */
  controls?: ReactNode;
  /** What is shown, for the frame's title ("your changes", "version 3"). */
  what: string;
}

export function TemplatePreview({ preview, pending, problem, controls, what }: PreviewProps) {
  const [width, setWidth] = useState<PreviewWidth>('mobile');
  return (
    <Stack gap="sm">
      {controls}
      {problem}
      {preview ? (
        <Tabs defaultValue="html" keepMounted={false}>
          <Group justify="space-between" gap="xs" wrap="wrap" className={classes.previewTabs}>
            <Tabs.List>
              <Tabs.Tab value="html">Email</Tabs.Tab>
              <Tabs.Tab value="text">Text part</Tabs.Tab>
            </Tabs.List>
            <Group gap="xs">
              {pending && <Loader size={14} aria-label="Updating the preview" />}
              <SegmentedControl
                size="xs"
                aria-label="Preview width"
                value={width}
                onChange={(v) => setWidth(v as PreviewWidth)}
                data={[
                  { value: 'mobile', label: `Mobile · ${PREVIEW_WIDTHS.mobile} px` },
                  { value: 'desktop', label: `Desktop · ${PREVIEW_WIDTHS.desktop} px` },
                ]}
              />
            </Group>
          </Group>
          <Box className={classes.inboxLine} data-testid="preview-inbox-line">
            <Text size="sm" fw={650} className={classes.wrapAnywhere}>
              {preview.subject || '(no subject)'}
            </Text>
            <Text size="sm" c="dimmed" className={classes.wrapAnywhere}>
              {inboxPreheader(preview.html) || 'No preheader: inboxes show the first words of the email instead.'}
            </Text>
          </Box>
          <Tabs.Panel value="html" pt="sm">
            <EmailFrame html={preview.html} width={PREVIEW_WIDTHS[width]} title={`Email preview of ${what} at ${PREVIEW_WIDTHS[width]} px (${width})`} />
          </Tabs.Panel>
          <Tabs.Panel value="text" pt="sm">
            <Code block className={classes.textPart} data-testid="preview-text">
              {preview.text}
            </Code>
          </Tabs.Panel>
        </Tabs>
      ) : pending ? (
        <Group justify="center" p="xl">
          <Loader aria-label="Rendering the preview" />
        </Group>
      ) : (
        !problem && (
          <Alert variant="light" color="gray">
            Nothing to preview yet.
          </Alert>
        )
      )}
    </Stack>
  );
}
