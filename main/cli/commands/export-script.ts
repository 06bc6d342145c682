import path from 'node:path';
import { ParityError } from '../../../shared/errors.js';
import { DEFAULT_PREPROCESS, PreprocessSpecSchema, type PreprocessSpec } from '../../../shared/preprocess.js';
import { EXPORT_FRAMEWORKS, exportScript, parityVersion, writeFileAtomic, type ExportFramework } from '../../engine/index.js';
import type { CliCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { oneOf, preprocessFile } from '../flag-values.js';
import { flagText, type FlagTable } from '../flags.js';

const FLAGS: FlagTable = {
  framework: { value: EXPORT_FRAMEWORKS.join('|'), help: 'the framework that runs the model in the script' },
  preprocess: { value: 'file', help: 'the preprocessing spec JSON given to parity compare (width and height are required here:\nthe script cannot read them from a model Parity does not open)' },
  output: { value: 'file.py', short: 'o', help: 'where to write the script; - prints it', shownDefault: 'parity_export_<framework>.py' },
};

function completeSpec(file: string): PreprocessSpec {
  const partial = preprocessFile(file);
  if (partial.width === undefined || partial.height === undefined) {
    throw new ParityError('BAD_OPTION', `--preprocess file ${file} gives no ${partial.width === undefined ? 'width' : 'height'}.`, 'The script needs the model\'s input size: add "width" and "height" to the spec.');
  }
  return PreprocessSpecSchema.parse({ ...DEFAULT_PREPROCESS, ...partial });
}

export const exportScriptCommand: CliCommand = {
  summary: 'write a Python script that saves another framework\'s outputs for compare --reference-outputs',
  usage: ['export-script --framework <name> --preprocess <spec.json> [-o script.py]'],
  description: `Writes a small Python script that preprocesses images exactly as Parity does with the given spec (same
geometry, Pillow's bilinear resize standing in for libvips' linear kernel, same normalisation), runs the model in
TensorFlow, PyTorch, ONNX Runtime or OpenVINO, and saves each image's outputs as <out>/<relative path>.npy (one
output) or .npz (one array per output name): the layout \`parity compare --reference-outputs <out>\` reads.
The script needs numpy, pillow and the framework's package; run it with python script.py MODEL IMAGES OUT.`,
  flags: FLAGS,
  notes: `Resizing: when an image is enlarged, libvips samples half a pixel to the right of Pillow's centre
convention, so tensors can differ by a few grey levels there; shrinking and equal sizes match closely. README.md
gives the measured difference; the comparison's metrics show what it does to the outputs.`,
  examples: [
    'parity export-script --framework tensorflow --preprocess preprocess.json -o save_tf_outputs.py',
    'python save_tf_outputs.py saved_model/ val/ tf-outputs/',
    'parity compare --reference-outputs tf-outputs/ model.onnx --images val/ --preprocess preprocess.json',
  ],
  exitStatus: '0 written, 2 bad input.',
  async run(parsed) {
    if (parsed.positionals.length > 0) throw new ParityError('BAD_OPTION', `parity export-script takes no file arguments, got ${parsed.positionals.join(' ')}.`, 'Run `parity export-script --help`.');
    const frameworkText = flagText(parsed, 'framework');
    if (frameworkText === undefined) throw new ParityError('BAD_OPTION', 'parity export-script needs --framework.', `One of ${EXPORT_FRAMEWORKS.join(', ')}.`);
    const framework: ExportFramework = oneOf(EXPORT_FRAMEWORKS)(frameworkText, 'framework');
    const specFile = flagText(parsed, 'preprocess');
    if (specFile === undefined) throw new ParityError('BAD_OPTION', 'parity export-script needs --preprocess <spec.json>.', 'Give the same spec you give parity compare.');
    const script = exportScript(framework, completeSpec(path.resolve(specFile)), parityVersion());
    const output = flagText(parsed, 'output') ?? `parity_export_${framework}.py`;
    if (output === '-') {
      process.stdout.write(script);
      return EXIT.ok;
    }
    const file = path.resolve(output);
    await writeFileAtomic(file, script);
    process.stdout.write(`Wrote ${file}\nNext: python ${path.basename(file)} MODEL IMAGES OUT, then parity compare --reference-outputs OUT candidate.onnx --images IMAGES --preprocess ${specFile}\n`);
    return EXIT.ok;
  },
};
