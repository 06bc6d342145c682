/** A long run followed across a page reload, then cancelled mid-way: the job stops, the UI is usable again, the next run works. */
import { describe, expect, it } from 'vitest';
import { appSession } from './support/app-session.js';
import { goTo, screenshot, textOf, until } from './support/app.js';
import { SAMPLE } from './support/fixtures.js';


const app = appSession();

describe('cancelling a run', { timeout: 300_000 }, () => {
  it('stops a long run mid-way and leaves the app ready for the next one', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Open sample' }).click();
    await until(() => textOf(page.getByTestId('project-model')), (t) => t.includes('valid ONNX'), 30_000, 'the sample model');
    await goTo(page, 4, /^Run parity/);

    // The model against itself, added by its path on the server.
    await page.getByLabel('Candidate model path').fill(SAMPLE.model);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const candidate = page.getByRole('group', { name: 'Candidates' }).getByRole('checkbox');
    await candidate.waitFor();
    await candidate.check();

    await page.getByRole('checkbox', { name: 'Fog', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Gaussian noise', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Occlusion: branches', exact: true }).check();
    await page.getByRole('button', { name: 'Run parity' }).click();
    const job = page.getByTestId('running-job');
    const progress = await until(() => textOf(job), (t) => /comparing · [1-9][\d,]* \/ [\d,]+/.test(t), 60_000, 'the comparison under way');
    const [done, total] = (/comparing · ([\d,]+) \/ ([\d,]+)/.exec(progress) ?? []).slice(1).map((n) => Number(n.replace(/,/g, '')));
    expect(done).toBeLessThan(total!);

    // A reload in the middle of the run: the page finds the running job again and keeps following it.
    await page.reload();
    await page.locator('.sidebar-foot', { hasText: 'web host' }).waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { level: 1, name: /^Run parity/ }).waitFor();
    const again = await until(() => textOf(job), (t) => /comparing · [\d,]+ \//.test(t), 30_000, 'the running job after the reload');
    const doneAgain = Number(/comparing · ([\d,]+)/.exec(again)![1]!.replace(/,/g, ''));
    expect(doneAgain).toBeGreaterThanOrEqual(done!);
    expect(await textOf(page.locator('.sidebar-jobs'))).toContain('compare');

    await job.getByRole('button', { name: 'Cancel' }).click();
    await until(() => job.count(), (n) => n === 0, 30_000, 'the job to stop');
    await until(() => textOf(page.locator('main')), (t) => /cancelled/.test(t), 10_000, 'the cancelled notice');
    expect(await page.locator('.sidebar-jobs').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Run parity' }).isEnabled()).toBe(true);
    await screenshot(page, 'run-cancelled');

    // A next, small run goes through and its results open.
    await page.getByRole('button', { name: 'None', exact: true }).click();
    await page.getByLabel('Images at most').fill('10');
    await page.getByRole('button', { name: 'Run parity' }).click();
    const open = page.locator('.finished-run').getByRole('button', { name: 'Open results' });
    await until(() => open.first().isEnabled().catch(() => false), (v) => v, 120_000, 'the next run to finish');
    await open.first().click();
    await page.getByTestId('card-agreement').waitFor({ timeout: 30_000 });
    expect(await textOf(page.getByTestId('card-agreement'))).toContain('0 of 10 images differ');
    expect(await textOf(page.getByTestId('card-agreement'))).toContain('100.00%');
  });
});
