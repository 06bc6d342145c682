/** Options every chart spec function accepts. */
import type { Config } from 'vega-lite';
import { chartConfig, type ChartScheme } from './theme.js';

export interface ChartOptions {
  /** Plot width in pixels; 'container' lets the app size it to its card (not usable in headless rendering). */
  width?: number | 'container';
  /** Plot height in pixels. */
  height?: number;
  /** Colour scheme of the embedded config; default light. */
  scheme?: ChartScheme;
  /** Overrides the chart's default title; empty string removes it. */
  title?: string;
}

/** Title block: the caller's title (or the default) plus an optional subtitle. */
export function titleOf(options: ChartOptions, fallback: string, subtitle?: string): { text: string; subtitle?: string } | undefined {
  const text = options.title ?? fallback;
  if (text === '') return undefined;
  return subtitle ? { text, subtitle } : { text };
}

/** The embedded config for the options' scheme. */
export function configOf(options: ChartOptions): Config {
  return chartConfig(options.scheme ?? 'light');
}

export const SCHEMA_URL = 'https://vega.github.io/schema/vega-lite/v6.json';
