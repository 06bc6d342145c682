import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { buildClassifierReport } from './fixtures/build-report.js';
import { allChartSpecs } from './fixtures/chart-inputs.js';
import { launchChromium, waitForChromium } from './fixtures/chromium.js';

const OUT = path.resolve('test-results/report-html');
const HERE = path.dirname(new URL(import.meta.url).pathname);

describe('shared chart specs without code generation', () => {
  it('render in a Node process where eval and Function are disallowed', async () => {
    mkdirSync(OUT, { recursive: true });
    const bundle = path.join(OUT, 'no-eval-entry.mjs');
    await build({
      entryPoints: [path.join(HERE, 'fixtures/no-eval-entry.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: bundle,
      logLevel: 'silent',
    });
    const out = execFileSync(process.execPath, ['--disallow-code-generation-from-strings', bundle], { encoding: 'utf8' });
    const result = JSON.parse(out) as { evalBlocked: boolean; codegenFailed: boolean; rendered: Record<string, number>; error: string };
    expect(result.evalBlocked).toBe(true);
    expect(result.codegenFailed).toBe(true);
    expect(result.error).toBe('');
    expect(Object.keys(result.rendered)).toHaveLength(7);
    for (const size of Object.values(result.rendered)) expect(size).toBeGreaterThan(1000);
  }, 120_000);

  it('render in Chromium under a CSP without unsafe-eval, the way the app renders them', async () => {
    await waitForChromium();
    const bundled = await build({
      entryPoints: [path.join(HERE, 'fixtures/browser-render-entry.ts')],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      write: false,
      minify: true,
      logLevel: 'silent',
    });
    const script = bundled.outputFiles[0]!.text.replace(/<\/script/gi, '<\\/script');
    const hash = createHash('sha256').update(script, 'utf8').digest('base64');
    const specs = allChartSpecs(buildClassifierReport({ robustness: true }), 'dark');
    const json = JSON.stringify(specs).replace(/</g, '\\u003c');
    const page = `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-${hash}'; style-src 'unsafe-inline'; img-src data:">
</head><body style="background:#0e1014"><script type="application/json" id="specs">${json}</script><script>${script}</script></body></html>`;
    mkdirSync(OUT, { recursive: true });
    const file = path.join(OUT, 'charts-csp.html');
    writeFileSync(file, page);
    const { context, close } = await launchChromium({ colorScheme: 'dark', width: 900 });
    try {
      const tab = await context.newPage();
      const errors: string[] = [];
      tab.on('pageerror', (e) => errors.push(e.message));
      await tab.goto(pathToFileURL(file).href);
      await tab.waitForFunction(() => document.body.dataset.result !== undefined, undefined, { timeout: 60_000 });
      const result = JSON.parse((await tab.evaluate(() => document.body.dataset.result))!) as {
        rendered?: Record<string, number>;
        violations: string[];
        evalAllowed?: boolean;
        error?: string;
      };
      await tab.screenshot({ path: path.join(OUT, 'charts-csp-dark.png'), fullPage: true });
      expect(result.error).toBeUndefined();
      expect(result.evalAllowed).toBe(false);
      expect(result.violations).toEqual([]);
      expect(Object.keys(result.rendered!)).toEqual(Object.keys(specs));
      for (const [name, axes] of Object.entries(result.rendered!)) expect(axes, name).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 180_000);
});
