/**
 * A sharded run in the app: two shards of a comparison with fog, run by the CLI into the host's data folder and
 * joined by `parity merge`, open like any run — the merged run with its gate, per-image rows and the shards side by
 * side (each machine's speed and memory); a shard's own run says which part of the images it covers.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { appSession } from './support/app-session.js';
import { openApp, screenshot, textOf, until } from './support/app.js';
import { demoImageFolder, SAMPLE } from './support/fixtures.js';

const PER_CLASS = 10;
const app = appSession();

beforeAll(async () => {
  const images = demoImageFolder(app.host.dir, 'shard-images', PER_CLASS);
  const runs = path.join(app.host.dataDir, 'runs');
  const env = { PARITY_DATA_DIR: app.host.dataDir, PARITY_CACHE_DIR: path.join(app.host.dir, 'cache') };
  const compare = (k: number) =>
    runCli(
      ['compare', SAMPLE.model, '--candidate-recipe', 'fp16', '--images', images, '--labels', SAMPLE.labels, '--preprocess', SAMPLE.preprocess,
        '--perturb', 'fog', '--severity', '2', '--bench-runs', '3', '--shard', `${k}/2`, '--out', path.join(runs, `shard-${k}`), '--quiet'],
      { env, timeoutMs: 300_000 },
    );
  for (const k of [0, 1]) {
    const shard = await compare(k);
    expect(shard.code, shard.stderr).toBe(0);
  }
  const merged = await runCli(['merge', path.join(runs, 'shard-0'), path.join(runs, 'shard-1'), '--out', path.join(runs, 'merged'), '--quiet'], { env });
  expect(merged.code, merged.stderr).toBe(0);
}, 600_000);

describe('a merged run in the app', { timeout: 120_000 }, () => {
  it('opens like any run, with its shards side by side', async () => {
    const { page } = app.browser;
    await openApp(page, `${app.host.url}#/results/merged`);
    await page.getByTestId('card-agreement').waitFor({ timeout: 30_000 });
    expect(await textOf(page.getByTestId('card-agreement'))).toContain(`${2 * PER_CLASS} images`);
    expect(await textOf(page.getByTestId('card-speed'))).toMatch(/per shard.*2 shards/);
    const rows = page.getByRole('grid', { name: 'Per-image results' }).getByRole('row');
    await until(() => rows.count(), (n) => n > 1, 10_000, 'per-image rows');
    // The viewer shows the image as the models saw it, from the images folder the shards compared.
    const viewer = page.locator('.model-view').first();
    await until(
      async () => ((await viewer.locator('img').count()) > 0 ? 'img' : `${await viewer.getAttribute('class')} ${await viewer.getAttribute('title')}`),
      (v) => v === 'img',
      30_000,
      'the viewer picture',
    );

    const shards = page.locator('#shards');
    const table = await textOf(shards.getByRole('table', { name: 'Shards side by side' }));
    expect(table).toMatch(/Shard 0\/2 Shard 1\/2/i);
    expect(table).toMatch(/Machine .*AMD|Machine .*Intel|Machine .*core/);
    expect(table).toMatch(/Latency p50 candidate [\d.]+ ms [\d.]+ ms/);
    expect(await textOf(shards)).toContain("measured on each shard's machine");
    // No pooled speed section: machines differ.
    expect(await page.locator('#speed').count()).toBe(0);
    await screenshot(page, 'merged-run');
  });

  it("says in a shard's own run which part of the images it covers", async () => {
    const { page } = app.browser;
    await openApp(page, `${app.host.url}#/results/shard-1`);
    await page.getByTestId('card-agreement').waitFor({ timeout: 30_000 });
    const banner = page.locator('.banner', { hasText: 'Shard 1/2' });
    await banner.waitFor({ timeout: 10_000 });
    expect(await textOf(banner)).toMatch(new RegExp(`of the ${2 * PER_CLASS} listed images`));
  });
});
