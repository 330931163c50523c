/**
 * The look: one restrained brand colour, neutral greys, a system font stack, and text colours
 * that keep WCAG AA contrast (dimmed text and light badges are darker than Mantine's defaults).
 */
import { DEFAULT_THEME, createTheme, darken, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

const brand: MantineColorsTuple = ['#eef0ff', '#dfe2ff', '#bdc2fb', '#9aa0f6', '#7c82f1', '#696fee', '#5b61ec', '#4b50d2', '#4147bd', '#353ba7'];

export const theme = createTheme({
  primaryColor: 'brand',
  primaryShade: 7,
  colors: { brand },
  fontFamily: 'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: {
    fontWeight: '650',
    sizes: {
      h1: { fontSize: '1.625rem', lineHeight: '1.25' },
      h2: { fontSize: '1.25rem', lineHeight: '1.3' },
      h3: { fontSize: '1rem', lineHeight: '1.4' },
      h4: { fontSize: '0.875rem', lineHeight: '1.4' },
    },
  },
  defaultRadius: 'md',
  cursorType: 'pointer',
  components: {
    Card: { defaultProps: { withBorder: true, radius: 'md', padding: 'lg' } },
    Paper: { defaultProps: { radius: 'md' } },
    Badge: { defaultProps: { radius: 'sm', variant: 'light' }, styles: { root: { textTransform: 'none', fontWeight: 600, letterSpacing: 0 } } },
    Modal: { defaultProps: { centered: true, radius: 'md', closeButtonProps: { 'aria-label': 'Close' } } },
    Table: { defaultProps: { verticalSpacing: 'sm', highlightOnHover: true } },
  },
});

/** Text on light badges and alerts: Mantine's shade 9, darkened until small text passes AA (yellow is the hardest). */
function lightTextColors(): Record<string, string> {
  const colors = { ...DEFAULT_THEME.colors, brand };
  return Object.fromEntries(Object.entries(colors).map(([name, shades]) => [`--mantine-color-${name}-light-color`, darken(shades[9], 0.35)]));
}

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    ...lightTextColors(),
    // Danger buttons and error text: red needs its darkest shade for AA, on white and under white.
    '--mantine-color-red-filled': 'var(--mantine-color-red-9)',
    '--mantine-color-red-outline': 'var(--mantine-color-red-9)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-placeholder': '#6b7280',
    '--mantine-color-red-filled-hover': darken('#c92a2a', 0.1),
    '--mantine-color-dimmed': '#5c636e',
    '--mantine-color-body': '#ffffff',
    '--app-surface': '#f6f7f9',
    '--app-border': '#e3e6ea',
  },
  dark: {},
});
