/** The flag tables turned into job parameters: flags left out stay out (the job's schema fills them), values parsed. */
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../main/cli/commands/index.js';
import { paramsFrom, parseFlags } from '../../main/cli/flags.js';
import { CompareParamsSchema } from '../../shared/contract/jobs/compare.js';
import { ConversionOptionsSchema } from '../../shared/contract/jobs/convert.js';

const compare = COMMANDS['compare']!;
const convert = COMMANDS['convert']!;

describe('flag tables', () => {
  it('leave out what was not given, so that the schema applies its own defaults', () => {
    const parsed = parseFlags('compare', ['a.onnx', 'b.onnx', '--images', 'val'], compare.flags);
    expect(paramsFrom(compare.flags, parsed, CompareParamsSchema)).toEqual({});
    const options = CompareParamsSchema.parse({ ...paramsFrom(compare.flags, parsed, CompareParamsSchema), reference: 'a', images: 'v', runDir: 'r' });
    expect(options).toMatchObject({ threshold: 0.5, topK: 5, tolerance: { atol: 1e-5, rtol: 1e-5 }, bench: true, benchRuns: 20, gate: [], perturb: [] });
  });

  it('parse what was given, and complete an object parameter from its schema default', () => {
    const parsed = parseFlags(
      'compare',
      ['a.onnx', 'b.onnx', '--images', 'val', '--atol', '0.001', '--top-k', '3', '--no-bench', '--perturb', 'fog', '--severity', '2,4', '--fail-under', 'top1Agreement=0.9'],
      compare.flags,
    );
    expect(paramsFrom(compare.flags, parsed, CompareParamsSchema)).toEqual({
      tolerance: { atol: 0.001, rtol: 1e-5 },
      topK: 3,
      bench: false,
      perturb: ['fog'],
      severities: [2, 4],
      gate: [{ metric: 'top1Agreement', bound: 'min', threshold: 0.9 }],
    });
  });

  it('keep the conversion flags of compare apart from its own: --calib-seed is the calibration seed, --seed the perturbations\'', () => {
    const parsed = parseFlags('compare', ['a.onnx', '--candidate-recipe', 'int8-static', '--calib-seed', '7', '--seed', '3', '--perturb', 'fog'], compare.flags);
    expect(paramsFrom(compare.flags, parsed, ConversionOptionsSchema)).toEqual({ seed: 7 });
    expect(paramsFrom(compare.flags, parsed, CompareParamsSchema)).toMatchObject({ seed: 3 });
  });

  it('refuse contradicting switches, values out of range and unknown flags with BAD_OPTION', () => {
    const both = parseFlags('convert', ['m.onnx', '--per-channel', '--no-per-channel'], convert.flags);
    expect(() => paramsFrom(convert.flags, both, ConversionOptionsSchema)).toThrow(/--per-channel and --no-per-channel contradict each other/);
    const off = parseFlags('convert', ['m.onnx', '--no-per-channel', '--no-timing'], convert.flags);
    expect(paramsFrom(convert.flags, off, ConversionOptionsSchema)).toEqual({ perChannel: false, measureSpeed: false });
    const range = parseFlags('convert', ['m.onnx', '--percentile', '40'], convert.flags);
    expect(() => paramsFrom(convert.flags, range, ConversionOptionsSchema)).toThrow(/--percentile must be a number between 50.001 and 100, got "40"/);
    expect(() => parseFlags('convert', ['m.onnx', '--no-such-flag'], convert.flags)).toThrow(expect.objectContaining({ code: 'BAD_OPTION', hint: 'Run `parity convert --help` for its options.' }));
  });
});
