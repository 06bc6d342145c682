/**
 * The Run screen's served-candidate URL: the sample model against the same model behind a real KServe v2 server
 * (real sockets and protocol bytes, ONNX Runtime behind it), with a serving pass at 1 and 2 clients; the result
 * opens with the serving table. A URL that names no model is refused in the form before anything runs.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startInferenceServer, type TestServer } from '../engine/serving/support/inference-server.js';
import { appSession } from './support/app-session.js';
import { goTo, screenshot, textOf, until } from './support/app.js';
import { SAMPLE } from './support/fixtures.js';

const app = appSession();
let server: TestServer | null = null;
afterAll(async () => {
  await server?.close();
});

describe('a served model as a candidate on the Run screen', { timeout: 300_000 }, () => {
  it('compares the sample with its served copy and shows the serving pass', async () => {
    server = await startInferenceServer({ model: SAMPLE.model, name: 'cls', protocol: 'kserve-v2', binary: true });
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Open sample' }).click();
    await until(() => textOf(page.getByTestId('project-model')), (t) => t.includes('valid ONNX'), 30_000, 'the sample model');
    await goTo(page, 4, /^Run parity/);

    const url = page.getByLabel('Served candidate URL');
    await url.fill('http://127.0.0.1:1/models/cls');
    expect(await textOf(page.locator('.field-error').first())).toContain('names no model');
    expect(await page.getByRole('button', { name: 'Run parity' }).isEnabled()).toBe(false);

    await url.fill(server.url);
    expect(await textOf(page.locator('main'))).toContain('cls over KServe v2 at');
    await page.getByLabel('Serving pass: parallel clients').fill('1,2');
    await page.getByLabel('Images at most').fill('12');
    await screenshot(page, 'served-candidate-form');
    await page.getByRole('button', { name: 'Run parity' }).click();
    const open = page.locator('.finished-run').getByRole('button', { name: 'Open results' });
    await until(() => open.first().isEnabled().catch(() => false), (v) => v, 180_000, 'the served comparison to finish');
    expect(await textOf(page.locator('.finished-run').first())).toContain(server.url);
    await open.first().click();
    await page.getByTestId('card-agreement').waitFor({ timeout: 30_000 });
    expect(await textOf(page.getByTestId('card-agreement'))).toContain('100.00%');
    const table = page.getByTestId('serving-table');
    await table.waitFor({ timeout: 30_000 });
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(4);
    expect(rows.filter((r) => r.includes('candidate'))).toHaveLength(2);
    expect(await textOf(page.locator('#serving'))).toMatch(/The candidate serves the 12 images in .+ sequentially/);
    expect(await textOf(page.locator('#serving'))).toContain('95% CI');
    // The binary-tensor extension was found by the probe and used for every request.
    expect(server.contentTypes.every((t) => t === 'application/octet-stream')).toBe(true);
    expect(server.inferences).toBeGreaterThanOrEqual(12 + 2 * 12);
    await page.locator('#serving').scrollIntoViewIfNeeded();
    await screenshot(page, 'served-candidate-results');
  });
});
