/**
 * The README's scheduler recipes, tried: the GitHub Actions matrix workflow (4 shard jobs, artifacts, a merge job)
 * and the Kubernetes Indexed Job (4 pods numbered by JOB_COMPLETION_INDEX, a shared volume, a merge Job) run step
 * by step on this machine on a small labelled set, each ending in a merged run folder; both merged reports agree.
 * The YAML itself is checked against GitHub's and Kubernetes' schemas by recipes/validate-recipes.sh (.ci/run).
 */
import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParityReportSchema, type ParityReport } from '../../shared/report/report.js';
import { writeAlteredModel } from '../helpers/altered-model.js';
import { removeScratchDirs, ROOT, SAMPLE, scratchDir } from '../helpers/cli.js';
import { tryManifest, tryWorkflow, type StepRun } from './try-recipes.js';

const RECIPES = path.join(ROOT, 'recipes');
let models: string;

/** A workspace laid out as the recipes expect: models/, data/val/<class>/…, data/labels.txt, data/preprocess.json. */
function workspace(name: string): string {
  const dir = scratchDir(`parity-recipe-${name}-`);
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  cpSync(models, path.join(dir, 'models'), { recursive: true });
  for (const label of ['0', '180']) {
    const from = path.join(SAMPLE.images, label);
    const to = path.join(dir, 'data', 'val', label);
    mkdirSync(to, { recursive: true });
    for (const file of readdirSync(from).sort().slice(0, 12)) copyFileSync(path.join(from, file), path.join(to, file));
  }
  copyFileSync(SAMPLE.labels, path.join(dir, 'data', 'labels.txt'));
  copyFileSync(SAMPLE.preprocess, path.join(dir, 'data', 'preprocess.json'));
  return dir;
}

const isolated = (dir: string): Record<string, string> => ({ PARITY_DATA_DIR: path.join(dir, '.parity-data'), PARITY_CACHE_DIR: path.join(dir, '.parity-cache') });
const failures = (runs: readonly StepRun[]): string => runs.filter((r) => r.code !== 0).map((r) => `${r.label}: exit ${r.code}\n${r.stderr}`).join('\n');
const readReport = (file: string): ParityReport => ParityReportSchema.parse(JSON.parse(readFileSync(file, 'utf8')));

beforeAll(async () => {
  models = scratchDir('parity-recipe-models-');
  copyFileSync(SAMPLE.model, path.join(models, 'model.onnx'));
  await writeAlteredModel(SAMPLE.model, path.join(models, 'model.int8.onnx'), 0.3);
});
afterAll(removeScratchDirs);

describe('scheduler recipes', () => {
  let githubReport: ParityReport;

  it('runs the GitHub Actions workflow: 4 matrix jobs upload their shards, the merge job joins them', async () => {
    const dir = workspace('github');
    // The recipe's perturbations at two severities: the same steps, less work for a test.
    const runs = await tryWorkflow(path.join(RECIPES, 'github-actions-sharded-compare.yml'), dir, { ...isolated(dir), SEVERITY: '1-2' });
    const shards = runs.filter((r) => r.label.startsWith('shard['));
    expect(shards.map((r) => r.label)).toEqual([0, 1, 2, 3].map((k) => `shard[shard=${k}] / compare shard ${k}`));
    expect(failures(shards)).toBe('');
    const merge = runs.find((r) => r.label === 'merge / merge the shards');
    expect(merge, runs.map((r) => r.label).join(', ')).toBeDefined();
    githubReport = readReport(path.join(dir, 'run', 'report.json'));
    // The merge job's exit is the gate's verdict on all 24 images.
    expect(merge!.code, merge!.stderr).toBe(githubReport.gate.passed ? 0 : 1);
    expect(merge!.stdout).toMatch(/Merged 4 shards in/);
    expect(githubReport.images.count).toBe(24);
    expect(githubReport.shards?.shards.map((s) => path.basename(s.runDir))).toEqual([0, 1, 2, 3].map((k) => `parity-shard-${k}`));
    expect(githubReport.perturbations).toHaveLength(6);
    expect(readdirSync(path.join(dir, 'run'))).toEqual(expect.arrayContaining(['report.html', 'report.csv', 'report.json']));
  }, 900_000);

  it('runs the Kubernetes Indexed Job pod by pod with JOB_COMPLETION_INDEX, then the merge Job; a rerun pod resumes its shard', async () => {
    const dir = workspace('k8s');
    const shards = await tryManifest(path.join(RECIPES, 'k8s-sharded-compare.yaml'), dir, isolated(dir));
    expect(shards.map((r) => r.label)).toEqual([0, 1, 2, 3].map((k) => `parity-shards[${k}]`));
    expect(failures(shards)).toBe('');
    for (const [k, run] of shards.entries()) expect(run.stdout).toContain(`Shard ${k}/4`);

    // Kubernetes reruns a failed index in a new pod: the same command finds the shard's folder and resumes it.
    const rerun = await tryManifest(path.join(RECIPES, 'k8s-sharded-compare.yaml'), dir, isolated(dir), [2]);
    expect(rerun[0]?.code, rerun[0]?.stderr).toBe(0);
    expect(rerun[0]?.stdout).toContain('Shard 2/4');

    const [merge] = await tryManifest(path.join(RECIPES, 'k8s-merge.yaml'), dir, isolated(dir));
    const report = readReport(path.join(dir, 'runs', 'merged', 'report.json'));
    expect(merge?.code, merge?.stderr).toBe(report.gate.passed ? 0 : 1);
    expect(report.images.count).toBe(24);
    expect(report.shards?.count).toBe(4);
    expect(report.perturbations).toHaveLength(15);
    // The two recipes ran the same comparison but for severities 3–5, so they agree on everything else.
    expect(report.summary).toEqual(githubReport.summary);
    expect(report.perImage).toEqual(githubReport.perImage);
    expect(report.perturbations?.filter((p) => p.severity <= 2)).toEqual(githubReport.perturbations);
  }, 900_000);
});
