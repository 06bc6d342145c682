/**
 * Runs the README's scheduler recipes (recipes/*.yml, *.yaml) on this machine, as far as a machine without GitHub or
 * a cluster allows: a GitHub Actions workflow's jobs in `needs` order, each matrix entry in turn, its `run:` steps in
 * bash with the workflow's env and `${{ matrix.* }}` / `${{ env.* }}` filled in, artifacts uploaded and downloaded
 * through a folder; a Kubernetes manifest's Jobs in order, an Indexed Job's pods one after another with
 * JOB_COMPLETION_INDEX set, the shared volume being a local folder. `parity` and `npx parity` run this checkout's
 * bin/parity.js. Checkout, setup-node and `npm ci` steps are skipped: the workspace is the checkout and Parity is
 * already built.
 */
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ROOT } from '../helpers/cli.js';

/** One step or pod as it ran. */
export interface StepRun {
  /** e.g. `shard[shard=2] / compare shard 2` or `parity-shards[2]`. */
  label: string;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A folder on PATH holding a `parity` that runs this checkout's CLI. */
export function parityShim(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const shim = path.join(dir, 'parity');
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${path.join(ROOT, 'bin', 'parity.js')}" "$@"\n`);
  chmodSync(shim, 0o755);
  return dir;
}

function run(label: string, file: string, args: string[], cwd: string, env: Record<string, string>): Promise<StepRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ label, code, stdout, stderr }));
  });
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

// --- GitHub Actions --------------------------------------------------------------------------------------------

interface WorkflowStep {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface WorkflowJob {
  needs?: string | string[];
  strategy?: { matrix?: Record<string, unknown[]> };
  steps: WorkflowStep[];
}
interface Workflow {
  env?: Record<string, unknown>;
  jobs: Record<string, WorkflowJob>;
}

/** Fills `${{ matrix.x }}` and `${{ env.x }}`; any other expression is an error (this runner would get it wrong). */
function expand(template: string, matrix: Record<string, unknown>, env: Record<string, string>): string {
  return template.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expr: string) => {
    const [scope, key] = expr.split('.', 2) as [string, string | undefined];
    if (scope === 'matrix' && key !== undefined && key in matrix) return text(matrix[key]);
    if (scope === 'env' && key !== undefined && key in env) return env[key]!;
    throw new Error(`try-recipes: cannot evaluate \${{ ${expr} }}`);
  });
}

function matrixEntries(job: WorkflowJob): Record<string, unknown>[] {
  let entries: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(job.strategy?.matrix ?? {})) {
    if (!Array.isArray(values)) throw new Error(`try-recipes: matrix.${key} must be a list`);
    entries = entries.flatMap((e) => values.map((v) => ({ ...e, [key]: v })));
  }
  return entries;
}

function jobOrder(jobs: Record<string, WorkflowJob>): string[] {
  const done: string[] = [];
  const visit = (name: string, seen: string[]): void => {
    if (done.includes(name)) return;
    if (seen.includes(name)) throw new Error(`try-recipes: jobs depend on each other in a cycle (${[...seen, name].join(' → ')})`);
    const job = jobs[name];
    if (!job) throw new Error(`try-recipes: a job needs ${name}, which the workflow does not define`);
    for (const need of [job.needs ?? []].flat()) visit(need, [...seen, name]);
    done.push(name);
  };
  for (const name of Object.keys(jobs)) visit(name, []);
  return done;
}

const SKIPPED_ACTIONS = ['actions/checkout@', 'actions/setup-node@'];

/** Runs a workflow's jobs in `workspace`; `envOverrides` replaces the workflow's env (e.g. paths of test models). */
export async function tryWorkflow(file: string, workspace: string, envOverrides: Record<string, string>): Promise<StepRun[]> {
  const workflow = parse(readFileSync(file, 'utf8')) as Workflow;
  const artifacts = path.join(workspace, '.artifacts');
  const shim = parityShim(path.join(workspace, '.bin'));
  const env: Record<string, string> = {
    ...(Object.fromEntries(Object.entries(workflow.env ?? {}).map(([k, v]) => [k, text(v)])) as Record<string, string>),
    ...envOverrides,
  };
  const runs: StepRun[] = [];
  for (const name of jobOrder(workflow.jobs)) {
    const job = workflow.jobs[name]!;
    for (const matrix of matrixEntries(job)) {
      const where = `${name}${Object.keys(matrix).length ? `[${Object.entries(matrix).map(([k, v]) => `${k}=${text(v)}`).join(',')}]` : ''}`;
      let failed = false;
      for (const step of job.steps) {
        if (failed && !/always\(\)/.test(step.if ?? '')) continue;
        const label = `${where} / ${expand(step.name ?? step.run ?? step.uses ?? '?', matrix, env)}`;
        const given = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, expand(text(v), matrix, env)]));
        if (step.uses && SKIPPED_ACTIONS.some((a) => step.uses!.startsWith(a))) continue;
        if (step.uses?.startsWith('actions/upload-artifact@')) {
          const from = path.join(workspace, given['path'] ?? '');
          if (!existsSync(from)) throw new Error(`try-recipes: ${label}: nothing to upload at ${given['path']}`);
          cpSync(from, path.join(artifacts, given['name']!), { recursive: true });
          continue;
        }
        if (step.uses?.startsWith('actions/download-artifact@')) {
          const pattern = new RegExp(`^${(given['pattern'] ?? given['name'] ?? '*').split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
          for (const artifact of readdirSync(artifacts).filter((a) => pattern.test(a))) {
            cpSync(path.join(artifacts, artifact), path.join(workspace, given['path'] ?? '.', artifact), { recursive: true });
          }
          continue;
        }
        if (step.uses) throw new Error(`try-recipes: ${label}: no local stand-in for ${step.uses}`);
        const script = expand(step.run ?? '', matrix, env).replace(/\bnpx parity\b/g, 'parity');
        if (/^\s*npm ci\s*$/.test(script)) continue;
        const result = await run(label, 'bash', ['-e', '-c', script], workspace, { ...process.env, ...env, PATH: `${shim}${path.delimiter}${process.env['PATH'] ?? ''}` } as Record<string, string>);
        runs.push(result);
        if (result.code !== 0) failed = true;
      }
    }
  }
  return runs;
}

// --- Kubernetes ------------------------------------------------------------------------------------------------

interface Container {
  name: string;
  workingDir?: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string }[];
  volumeMounts?: { name: string; mountPath: string }[];
}
interface JobManifest {
  kind: string;
  metadata: { name: string };
  spec: { completionMode?: string; completions?: number; template: { spec: { containers: Container[] } } };
}

/** Runs a manifest's Jobs in order (Indexed Jobs pod by pod, `indexes` or all), every volume mounted at `volume`. */
export async function tryManifest(file: string, volume: string, envOverrides: Record<string, string>, indexes?: readonly number[]): Promise<StepRun[]> {
  const shim = parityShim(path.join(volume, '.bin'));
  const runs: StepRun[] = [];
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const manifest = doc.toJS() as JobManifest;
    if (manifest.kind !== 'Job') continue;
    const [container, ...more] = manifest.spec.template.spec.containers;
    if (!container || more.length > 0) throw new Error(`try-recipes: Job ${manifest.metadata.name} must have one container`);
    const mounts = container.volumeMounts ?? [];
    const local = (value: string): string => mounts.reduce((v, m) => v.split(m.mountPath).join(volume), value);
    const command = [...(container.command ?? []), ...(container.args ?? [])].map(local);
    const [program, ...args] = command;
    if (!program) throw new Error(`try-recipes: Job ${manifest.metadata.name} has no command`);
    const indexed = manifest.spec.completionMode === 'Indexed';
    const pods = indexed ? (indexes ?? Array.from({ length: manifest.spec.completions ?? 1 }, (_, k) => k)) : [null];
    for (const index of pods) {
      const env: Record<string, string> = {
        ...(process.env as Record<string, string>),
        ...Object.fromEntries((container.env ?? []).map((e) => [e.name, local(e.value ?? '')])),
        ...envOverrides,
        ...(index !== null ? { JOB_COMPLETION_INDEX: String(index) } : {}),
        PATH: `${shim}${path.delimiter}${process.env['PATH'] ?? ''}`,
      };
      const label = index === null ? manifest.metadata.name : `${manifest.metadata.name}[${index}]`;
      runs.push(await run(label, program, args, local(container.workingDir ?? volume), env));
    }
  }
  return runs;
}
