/**
 * Writes the programs that run a bundle, one folder per language, next to the bundle: `<name>.code/<language>/`.
 * The folder is built under a temporary name and renamed into place, replacing an older one whole.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CodeLanguage } from '../../../shared/contract/jobs/bundle.js';
import type { PreprocessSpec } from '../../../shared/preprocess.js';
import type { TensorSignature } from '../../../shared/model-info.js';
import { tempPathNextTo } from '../io/temp-files.js';
import { programPlan, type GeneratedProgram, type ProgramPlan } from './program-plan.js';
import { pythonProgram } from './templates/python.js';
import { javaProgram } from './templates/java.js';
import { csharpProgram } from './templates/csharp.js';
import { cppProgram } from './templates/cpp.js';
import { javascriptProgram } from './templates/javascript.js';

const GENERATORS: Record<CodeLanguage, (plan: ProgramPlan) => GeneratedProgram> = {
  python: pythonProgram,
  java: javaProgram,
  csharp: csharpProgram,
  cpp: cppProgram,
  javascript: javascriptProgram,
};

const TITLES: Record<CodeLanguage, string> = {
  python: 'Python (onnxruntime + Pillow)',
  java: 'Java (com.microsoft.onnxruntime:onnxruntime + ImageIO)',
  csharp: 'C# (Microsoft.ML.OnnxRuntime + ImageSharp)',
  cpp: 'C++ (ONNX Runtime C++ API + stb_image)',
  javascript: 'JavaScript (onnxruntime-node + sharp)',
};

/** `<dir>/<name>.code` for `<dir>/<name>.onnx`. */
export function codeDirFor(bundlePath: string): string {
  const parsed = path.parse(bundlePath);
  return path.join(parsed.dir, `${parsed.name}.code`);
}

export interface BundleCodeInfo {
  bundle: string;
  spec: PreprocessSpec;
  outputs: readonly TensorSignature[];
  topK: number | null;
  classNames: readonly string[] | null;
  languages: readonly CodeLanguage[];
}

function readme(info: BundleCodeInfo, programs: readonly GeneratedProgram[]): string {
  const file = path.basename(info.bundle);
  const s = info.spec;
  const lines = [
    `# Running ${file}`,
    '',
    `The model's input is the decoded image: \`image\`, uint8 [1, height, width, 3], RGB, rows top to bottom, any size.`,
    `Inside the graph: ${s.resize} to ${s.width}×${s.height}, ${s.colorOrder}, value = (pixel / ${s.scale} − mean) / std with mean [${s.mean.join(', ')}] and std [${s.std.join(', ')}], ${s.layout}, ${s.dtype}.`,
    'So a program only decodes the file. Each one here takes the model and image paths and prints, per image,',
    info.topK !== null ? `the top ${info.topK} classes (rank, index, name, score).` : 'a summary of each output (shape, min, max, mean, argmax).',
    '',
    'Decoders differ in what they do beyond plain RGB: Parity (sharp) applies EXIF orientation, converts to sRGB and',
    'flattens transparency on white; ImageIO and stb_image apply no EXIF orientation, and all of these programs drop',
    'alpha. For photos from phones, rotate upright first (or use a decoder that honours EXIF).',
    '',
  ];
  for (const p of programs) {
    lines.push(`## ${TITLES[p.language]}`, '', '```sh', `cd ${p.language}`, p.run, '```', '');
  }
  return lines.join('\n');
}

/** Writes the programs for the requested languages; returns, per language, its folder and how to run it. */
export async function writeBundleCode(dir: string, info: BundleCodeInfo): Promise<Array<{ language: CodeLanguage; dir: string; run: string }>> {
  const plan = programPlan(path.basename(info.bundle), info.outputs, info.topK !== null, info.classNames);
  const programs = info.languages.map((language) => GENERATORS[language](plan));
  const temp = tempPathNextTo(dir, '.code');
  try {
    for (const program of programs) {
      for (const [relative, text] of Object.entries(program.files)) {
        const target = path.join(temp, program.language, relative);
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, text);
      }
    }
    await writeFile(path.join(temp, 'README.md'), readme(info, programs));
    await rm(dir, { recursive: true, force: true });
    await rename(temp, dir);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return programs.map((p) => ({ language: p.language, dir: path.join(dir, p.language), run: p.run }));
}
