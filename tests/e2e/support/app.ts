/** Driving the app as a user: open it, move between screens, wait for what the UI shows, save screenshots. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ROOT } from './web-host.js';

export const SCREENSHOTS = path.join(ROOT, 'test-results', 'e2e');

/** Opens the printed address and waits until the app is connected to its host. */
export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('.sidebar-foot', { hasText: 'web host' }).waitFor({ timeout: 30_000 });
}

/** Goes to a screen the way a keyboard user does (Alt+1…6) and waits for its heading. */
export async function goTo(page: Page, key: 1 | 2 | 3 | 4 | 5 | 6, heading: RegExp): Promise<void> {
  await page.keyboard.press(`Alt+${key}`);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** Polls `read` until `accept` holds (the UI updates asynchronously); returns the last value. */
export async function until<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 60_000, what = 'condition'): Promise<T> {
  const started = Date.now();
  let value = await read();
  while (!accept(value)) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 250));
    value = await read();
  }
  return value;
}

export async function textOf(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

/**
 * Saves the whole screen (the main area unrolled, not just the viewport) as test-results/e2e/<name>.png, after
 * scrolling through it so charts drawn on demand are drawn.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const main = page.locator('main');
  const height = await main.evaluate((el) => el.scrollHeight);
  for (let y = 0; y < height; y += 600) {
    await main.evaluate((el, top) => el.scrollTo(0, top), y);
    await page.waitForTimeout(120);
  }
  await main.evaluate((el) => el.scrollTo(0, 0));
  await page.waitForFunction(() => document.querySelectorAll('.chart .spinner-line').length === 0, undefined, { timeout: 15_000 }).catch(() => undefined);
  const style = await page.addStyleTag({ content: 'html,body,#root{height:auto!important}.shell{height:auto!important;min-height:100vh}.main{overflow:visible!important}.notices{display:none!important}' });
  await page.waitForTimeout(200);
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await style.evaluate((el) => (el as HTMLElement).remove());
  return file;
}
