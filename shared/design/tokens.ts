/**
 * The design tokens of every Parity surface: the app (renderer/src/styles, through a virtual stylesheet the
 * renderer's build makes from designTokensCss) and the self-contained HTML report (its inlined stylesheet). Colours
 * follow the OS in light and dark on screen; print keeps the light palette. Chart colours (shared/charts/theme.ts)
 * come from here too, so a model's colour is the same in a chart, a legend dot and a table.
 */

/** Sizes and type: the same in both schemes. */
export const SCALE = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  mono: 'ui-monospace, "SF Mono", "Cascadia Mono", "Segoe UI Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace',
  'fs-xs': '11px',
  'fs-sm': '12px',
  fs: '13px',
  'fs-md': '14px',
  'fs-lg': '16px',
  'fs-xl': '20px',
  'sp-1': '4px',
  'sp-2': '8px',
  'sp-3': '12px',
  'sp-4': '16px',
  'sp-5': '24px',
  'sp-6': '32px',
  radius: '6px',
  'radius-sm': '4px',
  sidebar: '216px',
  row: '30px',
} as const;

/** The two models and whether they agree: data colours chosen to read on both white and near-black. */
export const ROLE_COLORS = {
  reference: '#3b6fd4',
  candidate: '#e8772e',
  agree: '#5b8a9a',
  disagree: '#d6336c',
} as const;

type SchemeColor =
  | 'bg'
  | 'surface'
  | 'surface-2'
  | 'surface-3'
  | 'border'
  | 'border-strong'
  | 'text'
  | 'text-2'
  | 'text-3'
  | 'accent'
  | 'accent-hover'
  | 'accent-soft'
  | 'on-accent'
  | 'focus'
  | 'good'
  | 'good-soft'
  | 'bad'
  | 'bad-soft'
  | 'warn'
  | 'warn-soft'
  | 'grid'
  | 'axis'
  | 'shadow'
  | 'shadow-pop';

export type ColorScheme = 'light' | 'dark';

/** Surfaces, ink and status colours per scheme. */
export const SCHEME_COLORS: Readonly<Record<ColorScheme, Readonly<Record<SchemeColor, string>>>> = {
  light: {
    bg: '#f6f7f9',
    surface: '#ffffff',
    'surface-2': '#f1f3f6',
    'surface-3': '#e8ebf0',
    border: '#dde1e7',
    'border-strong': '#c5cbd4',
    text: '#1f2430',
    'text-2': '#4d5565',
    'text-3': '#6b7280',
    accent: '#2f62c8',
    'accent-hover': '#2753ad',
    'accent-soft': '#e6eefb',
    'on-accent': '#ffffff',
    focus: '#2f62c8',
    good: '#1f7a50',
    'good-soft': '#e3f3ea',
    bad: '#b3261e',
    'bad-soft': '#fbe9e7',
    warn: '#8a5a00',
    'warn-soft': '#fdf3dc',
    grid: '#e6e8ec',
    axis: '#9aa1ad',
    shadow: '0 1px 2px rgba(20, 24, 33, 0.06), 0 1px 1px rgba(20, 24, 33, 0.04)',
    'shadow-pop': '0 8px 24px rgba(20, 24, 33, 0.16)',
  },
  dark: {
    bg: '#14171c',
    surface: '#1b1f26',
    'surface-2': '#222730',
    'surface-3': '#2b313c',
    border: '#2e343f',
    'border-strong': '#414957',
    text: '#e6e8ee',
    'text-2': '#b9bfcb',
    'text-3': '#949cab',
    accent: '#6b9bf2',
    'accent-hover': '#86aef5',
    'accent-soft': '#1f2b44',
    'on-accent': '#0d1220',
    focus: '#86aef5',
    good: '#5cc893',
    'good-soft': '#17301f',
    bad: '#ff8a80',
    'bad-soft': '#3a1d1b',
    warn: '#e6b455',
    'warn-soft': '#352a14',
    grid: '#2c313b',
    axis: '#6b7280',
    shadow: '0 1px 2px rgba(0, 0, 0, 0.4)',
    'shadow-pop': '0 8px 24px rgba(0, 0, 0, 0.5)',
  },
};

function declarations(tokens: Readonly<Record<string, string>>, indent: string): string {
  return Object.entries(tokens)
    .map(([name, value]) => `${indent}--${name}: ${value};`)
    .join('\n');
}

/** Every token as CSS custom properties on :root, dark ones on screens that prefer dark. */
export function designTokensCss(): string {
  return `:root {
  color-scheme: light dark;
${declarations(SCALE, '  ')}
${declarations(ROLE_COLORS, '  ')}
${declarations(SCHEME_COLORS.light, '  ')}
}
@media screen and (prefers-color-scheme: dark) {
  :root {
${declarations(SCHEME_COLORS.dark, '    ')}
  }
}
`;
}
