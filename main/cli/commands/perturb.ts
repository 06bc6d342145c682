import path from 'node:path';
import { PerturbParamsSchema } from '../../../shared/contract/jobs/perturb.js';
import { ParityError } from '../../../shared/errors.js';
import { PERTURBATION_NAMES, parsePerturbationList, parseSeed, parseSeverities, perturbationInfo, type Severity } from '../../../shared/perturbations/index.js';
import type { CliCommand } from '../command.js';
import { outputOf, runJob } from '../engine-session.js';
import { EXIT } from '../exit-codes.js';
import { fromShared, orBadOption } from '../flag-values.js';
import { flagSet, flagText, param, paramsFrom, type FlagTable } from '../flags.js';
import { OUTPUT_FLAGS } from './output-flags.js';

const FLAGS: FlagTable = {
  perturb: { value: 'name', help: 'the perturbation (`parity perturb --list` prints every name)' },
  severity: { value: 'n', help: '1 (mild) to 5 (strong)' },
  seed: {
    value: 'n',
    help: 'seed of the randomness: same image, name, severity and seed, same pixels',
    param: param(PerturbParamsSchema, 'seed'),
    parse: fromShared(parseSeed),
  },
  output: { value: 'file', short: 'o', help: '.png, .jpg or .webp', shownDefault: '<image>.<name>-s<n>.png next to the image' },
  list: { help: "print the catalog's names, one per line (--verbose: with family and what severity means)" },
  ...OUTPUT_FLAGS,
};

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
  usage: ['perturb <image> --perturb <name> --severity <1-5> [--seed <n>] [-o out.png]', 'perturb --list [--verbose]'],
  description: `Writes one image under one perturbation (ImageNet-C's corruptions, fog, occlusion …) at one severity, exactly as
\`parity compare --perturb\` feeds it to the models (there, at the model's input size; here, at the image's size).`,
  flags: FLAGS,
  notes: `Grayscale, palette and 16-bit images are converted to 8-bit RGB first (the output is RGB); images smaller than
8×8 pixels are refused.`,
  examples: ['parity perturb photo.jpg --perturb fog --severity 3 -o foggy.png', 'parity perturb --list --verbose'],
  exitStatus: '0 written, 2 bad input.',
  async run(parsed) {
    if (flagSet(parsed, 'list')) {
      process.stdout.write(`${listCatalog(flagSet(parsed, 'verbose'))}\n`);
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
    const nameText = flagText(parsed, 'perturb');
    if (nameText === undefined) throw new ParityError('BAD_OPTION', 'parity perturb needs --perturb <name>.', `Valid names: ${PERTURBATION_NAMES.join(', ')}.`);
    const names = orBadOption(parsePerturbationList(nameText));
    if (names.length !== 1 || nameText.includes(',')) {
      throw new ParityError('BAD_OPTION', 'parity perturb writes one perturbation at a time.', 'Give one name to --perturb (run it once per perturbation).');
    }
    const severityText = flagText(parsed, 'severity');
    if (severityText === undefined) throw new ParityError('BAD_OPTION', 'parity perturb needs --severity <1-5>.', 'Severity is 1 (mild) to 5 (strong).');
    const severities = orBadOption(parseSeverities(severityText));
    if (severities.length !== 1) throw new ParityError('BAD_OPTION', `--severity must be one level for parity perturb, got "${severityText}".`, 'Severity is 1 (mild) to 5 (strong).');
    const perturbation = names[0]!;
    const severity = severities[0] as Severity;
    const parsedImage = path.parse(image);
    const output = path.resolve(flagText(parsed, 'output') ?? path.join(parsedImage.dir, `${parsedImage.name}.${perturbation}-s${severity}.png`));
    const result = await runJob('perturb', { ...paramsFrom(FLAGS, parsed, PerturbParamsSchema), image, perturbation, severity, output }, outputOf(parsed));
    process.stdout.write(`Wrote ${result.output} (${result.width}×${result.height}, ${perturbation} severity ${severity}, seed ${result.seed})\n`);
    for (const note of result.conversions) process.stdout.write(`note: ${note}\n`);
    return EXIT.ok;
  },
};
