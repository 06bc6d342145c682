/** One set of design tokens for the app and the HTML report, and the chart colours taken from it. */
import { describe, expect, it } from 'vitest';
import { designTokensCss, ROLE_COLORS, SCALE, SCHEME_COLORS } from '../../shared/design/tokens.js';
import { CHART_INK, MODEL_COLORS } from '../../shared/charts/index.js';
import { REPORT_CSS } from '../../main/engine/report/html/styles.js';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

describe('design tokens', () => {
  it('give the app and the report one stylesheet of custom properties, light and dark', () => {
    const css = designTokensCss();
    for (const name of [...Object.keys(SCALE), ...Object.keys(ROLE_COLORS), ...Object.keys(SCHEME_COLORS.light)]) {
      expect(css).toContain(`--${name}: `);
    }
    expect(css).toContain(`--bg: ${SCHEME_COLORS.dark.bg};`);
    expect(css).toMatch(/@media screen and \(prefers-color-scheme: dark\)/);
    expect(Object.keys(SCHEME_COLORS.dark).sort()).toEqual(Object.keys(SCHEME_COLORS.light).sort());
    expect(MODEL_COLORS.reference).toBe(ROLE_COLORS.reference);
    expect(CHART_INK.dark.text).toBe(SCHEME_COLORS.dark.text);
    expect(REPORT_CSS).toContain(css);
    // The report's stylesheet uses no colour variable the tokens do not define.
    const defined = new Set(css.match(/--[a-z0-9-]+(?=:)/g));
    for (const used of REPORT_CSS.match(/var\(--[a-z0-9-]+\)/g) ?? []) {
      const name = used.slice(4, -1);
      if (name !== '--cols') expect(defined, name).toContain(name);
    }
  });

  it("leave the app's stylesheets no colour or size the tokens do not define", () => {
    const defined = new Set(designTokensCss().match(/--[a-z0-9-]+(?=:)/g));
    // Every stylesheet of the renderer: the base sheet and each component's own.
    const dir = path.resolve(import.meta.dirname, '../../renderer/src');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.css'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const css = readFileSync(path.join(dir, file), 'utf8');
      const local = new Set(css.match(/--[a-z0-9-]+(?=:)/g));
      for (const used of css.match(/var\(--[a-z0-9-]+/g) ?? []) {
        const name = used.slice(4);
        if (!local.has(name)) expect(defined, `${file}: ${name}`).toContain(name);
      }
    }
  });
});
