/**
 * `parity <command> --help` is generated from each command's flag table: every flag is listed, each default is the
 * one the job's zod schema applies (read from the schema here too, never written in the test), and the examples
 * and exit status close the text.
 */
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../main/cli/commands/index.js';
import { formatDefault, schemaDefault } from '../../main/cli/flags.js';
import { CompareParamsSchema } from '../../shared/contract/jobs/compare.js';
import { BenchParamsSchema, ServeLoadParamsSchema } from '../../shared/contract/jobs/bench.js';
import { ConversionOptionsSchema, DEFAULT_CALIBRATION_SIZE } from '../../shared/contract/jobs/convert.js';
import { runCli } from '../helpers/cli.js';

/** The lines of a flag's entry: its first line and the continuation lines indented under it. */
function entryOf(help: string, flag: string): string {
  const lines = help.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^  (-\\w, )?--${flag}( <[^>]+>)?  `).test(l));
  if (start < 0) return '';
  const entry = [lines[start]!];
  for (const line of lines.slice(start + 1)) {
    if (!/^ {6,}\S/.test(line)) break;
    entry.push(line.trim());
  }
  return entry.join(' ');
}

describe('parity <command> --help', () => {
  for (const [name, command] of Object.entries(COMMANDS)) {
    it(`${name}: lists every flag with the schema's default, the examples and the exit status`, async () => {
      const run = await runCli([name, '--help']);
      expect(run.code, run.stderr).toBe(0);
      const help = run.stdout;
      expect(help.startsWith(`Usage: parity ${name}`)).toBe(true);
      for (const [flag, spec] of Object.entries(command.flags)) {
        const entry = entryOf(help, flag);
        if (spec.hidden) {
          expect(entry, `--${flag} is documented by another line`).toBe('');
          continue;
        }
        expect(entry, `--${flag} is listed`).not.toBe('');
        if (spec.short) expect(entry).toContain(`-${spec.short}, --${flag}`);
        const value = spec.param && spec.value && spec.shownDefault === undefined ? formatDefault(schemaDefault(spec.param)) : undefined;
        if (value !== undefined) expect(entry, `--${flag} states its default`).toContain(`(default ${value})`);
      }
      const examples = help.slice(help.indexOf('\nExamples:\n'));
      expect(command.examples.length).toBeGreaterThan(0);
      for (const example of command.examples) expect(examples).toContain(`  ${example}`);
      expect(help.trimEnd().split('\n').at(-1)).toMatch(/^Exit status: 0 /);
      const again = await runCli(['help', name]);
      expect(again.stdout).toBe(help);
    });
  }

  it('states the job defaults of the schemas: compare, convert and bench', async () => {
    const [compare, convert, bench] = await Promise.all(['compare', 'convert', 'bench'].map(async (c) => (await runCli([c, '--help'])).stdout));
    expect(entryOf(compare!, 'threshold')).toContain(`(default ${CompareParamsSchema.parse({ reference: 'a', images: 'b', runDir: 'c' }).threshold})`);
    expect(entryOf(compare!, 'atol')).toContain('(default 1e-5)');
    expect(entryOf(compare!, 'severity')).toContain('(default 1-5)');
    expect(entryOf(compare!, 'bench-runs')).toContain(`(default ${CompareParamsSchema.shape.benchRuns.parse(undefined)})`);
    expect(entryOf(convert!, 'calib-size')).toContain(`(default ${DEFAULT_CALIBRATION_SIZE})`);
    expect(entryOf(convert!, 'calib-method')).toContain(`(default ${ConversionOptionsSchema.shape.calibMethod.parse(undefined)})`);
    expect(entryOf(convert!, 'per-channel')).toContain('(default)');
    expect(entryOf(convert!, 'no-per-channel')).not.toContain('(default');
    expect(entryOf(bench!, 'runs')).toContain(`(default ${BenchParamsSchema.shape.runs.parse(undefined)})`);
    expect(entryOf(bench!, 'concurrency')).toContain(`(default ${ServeLoadParamsSchema.shape.concurrency.parse(undefined).join(',')})`);
    expect(entryOf(bench!, 'threads')).toContain('(default: all cores)');
  });

  it('the overview lists every command with its summary', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const [name, command] of Object.entries(COMMANDS)) expect(run.stdout).toMatch(new RegExp(`\\n  ${name} +${command.summary.replace(/[()]/g, '\\$&')}\\n`));
  });
});
