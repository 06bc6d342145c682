import path from 'node:path';
import { ParityError } from '../../../shared/errors.js';
import {
  PERTURBATION_NAMES,
  parsePerturbationList,
  parseSeed,
  parseSeverities,
  perturbationInfo,
  type Severity,
} from '../../../shared/perturbations/index.js';
import { parseCommandArgs, stringOption } from '../args.js';
import type { CliCommand } from '../command.js';
import { withEngine } from '../engine-session.js';
import { EXIT } from '../exit-codes.js';
import { orBadOption } from './perturb-flags.js';

const usage = `Usage: parity perturb <image> --perturb <name> --severity <1-5> [--seed <n>] [-o out.png]
       parity perturb --list [--verbose]

Writes one image under one perturbation (ImageNet-C's corruptions, fog, occlusion …) at one severity, exactly as
\`parity compare --perturb\` feeds it to the models (there, at the model's input size; here, at the image's size).

Options:
  --perturb <name>     the perturbation (\`parity perturb --list\` prints every name)
  --severity <n>       1 (mild) to 5 (strong)
  --seed <n>           seed of the randomness (default 0): same image, name, severity and seed, same pixels
  -o, --output <file>  .png, .jpg or .webp (default: <image>.<name>-s<n>.png next to the image)
  --list               print the catalog's names, one per line (--verbose: with family and what severity means)
  --quiet              no progress output
  --verbose            show the engine's log

Grayscale, palette and 16-bit images are converted to 8-bit RGB first (the output is RGB); images smaller than
8×8 pixels are refused. Exit status: 0 written, 2 bad input.`;

function listCatalog(verbose: boolean): string {
  if (!verbose) return PERTURBATION_NAMES.join('\n');
  const width = Math.max(...PERTURBATION_NAMES.map((n) => n.length));
  return PERTURBATION_NAMES.map((name) => {
    const info = perturbationInfo(name);
    return `${name.padEnd(width)}  ${info.family.padEnd(9)}  ${info.severityMeaning}`;
  }).join('\n');
}

export const perturbCommand: CliCommand = {
  summary: 'write one image under a perturbation (fog, occlusion, ImageNet-C corruptions); --list names them',
  usage,
  async run(argv) {
    const parsed = parseCommandArgs('perturb', argv, {
      perturb: { type: 'string' },
      severity: { type: 'string' },
      seed: { type: 'string' },
      output: { type: 'string', short: 'o' },
      list: { type: 'boolean' },
      quiet: { type: 'boolean' },
      verbose: { type: 'boolean' },
    });
    if (parsed.values.list === true) {
      process.stdout.write(`${listCatalog(parsed.values.verbose === true)}\n`);
      return EXIT.ok;
    }
    if (parsed.positionals.length !== 1) {
      throw new ParityError(
        'BAD_OPTION',
        parsed.positionals.length === 0 ? 'parity perturb: missing <image>.' : `parity perturb: one image at a time, got ${parsed.positionals.length}.`,
        'Run `parity perturb --help`.',
      );
    }
    const image = path.resolve(parsed.positionals[0]!);
    const nameText = stringOption(parsed, 'perturb');
    if (nameText === undefined) throw new ParityError('BAD_OPTION', 'parity perturb needs --perturb <name>.', `Valid names: ${PERTURBATION_NAMES.join(', ')}.`);
    const names = orBadOption(parsePerturbationList(nameText));
    if (names.length !== 1 || nameText.includes(',')) {
      throw new ParityError('BAD_OPTION', 'parity perturb writes one perturbation at a time.', 'Give one name to --perturb (run it once per perturbation).');
    }
    const severityText = stringOption(parsed, 'severity');
    if (severityText === undefined) throw new ParityError('BAD_OPTION', 'parity perturb needs --severity <1-5>.', 'Severity is 1 (mild) to 5 (strong).');
    const severities = orBadOption(parseSeverities(severityText));
    if (severities.length !== 1) throw new ParityError('BAD_OPTION', `--severity must be one level for parity perturb, got "${severityText}".`, 'Severity is 1 (mild) to 5 (strong).');
    const seedText = stringOption(parsed, 'seed');
    const seed = seedText === undefined ? 0 : orBadOption(parseSeed(seedText));
    const perturbation = names[0]!;
    const severity = severities[0] as Severity;
    const parsedImage = path.parse(image);
    const output = path.resolve(stringOption(parsed, 'output') ?? path.join(parsedImage.dir, `${parsedImage.name}.${perturbation}-s${severity}.png`));
    const quiet = parsed.values.quiet === true;
    const result = await withEngine(parsed.values.verbose === true, (ctx) =>
      ctx.engine.run('perturb', { image, perturbation, severity, seed, output }, { signal: ctx.signal, onProgress: (p) => !quiet && ctx.progress.update(p) }),
    );
    process.stdout.write(`Wrote ${result.output} (${result.width}×${result.height}, ${perturbation} severity ${severity}, seed ${seed})\n`);
    for (const note of result.conversions) process.stdout.write(`note: ${note}\n`);
    return EXIT.ok;
  },
};
