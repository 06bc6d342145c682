/** Builds and writes the manifest that travels with every converted model. */
import path from 'node:path';
import { promises as fs } from 'node:fs';
import type { ConversionManifest } from '../../../shared/report/conversion-manifest.js';
import type { TensorSignature } from '../../../shared/model-info.js';
import { inspectModel, sha256File } from '../onnx/index.js';
import { describeEnvironment } from '../env/versions.js';
import { writeJsonAtomic } from '../io/atomic-write.js';

/** `<dir>/<name>.manifest.json` for `<dir>/<name>.onnx`. */
export function manifestPathFor(modelPath: string): string {
  const parsed = path.parse(modelPath);
  return path.join(parsed.dir, `${parsed.name}.manifest.json`);
}

export interface ManifestInput {
  recipe: string;
  options: Record<string, unknown>;
  sourcePath: string;
  outputPath: string;
  quantized?: string[];
  excluded?: Array<{ name: string; reason: string }>;
  calibration?: ConversionManifest['calibration'];
  int8Path?: ConversionManifest['int8Path'];
  speed?: ConversionManifest['speed'];
  fusion?: ConversionManifest['fusion'];
  notes?: string[];
}

async function totalSize(file: string, externalBytes: number): Promise<number> {
  return (await fs.stat(file)).size + externalBytes;
}

/** Inspects source and output, pairs their inputs/outputs by name, and returns the manifest. */
export async function buildManifest(input: ManifestInput): Promise<ConversionManifest> {
  const [source, output] = await Promise.all([inspectModel(input.sourcePath), inspectModel(input.outputPath)]);
  const [sourceSha, outputSha] = await Promise.all([sha256File(input.sourcePath), sha256File(input.outputPath)]);
  const sourceSize = await totalSize(input.sourcePath, source.externalDataBytes);
  const outputSize = await totalSize(input.outputPath, output.externalDataBytes);
  const pair = (a: TensorSignature[], b: TensorSignature[]): Array<{ source: TensorSignature; output: TensorSignature }> =>
    a.flatMap((s) => {
      const o = b.find((t) => t.name === s.name);
      return o ? [{ source: s, output: o }] : [];
    });
  const env = describeEnvironment();
  return {
    manifestVersion: 1,
    recipe: input.recipe,
    options: input.options,
    createdAt: new Date().toISOString(),
    source: { path: input.sourcePath, sha256: sourceSha, sizeBytes: sourceSize },
    output: { path: input.outputPath, sha256: outputSha, sizeBytes: outputSize },
    sizeRatio: sourceSize > 0 ? outputSize / sourceSize : 1,
    opsBefore: source.opHistogram,
    opsAfter: output.opHistogram,
    nodes: { quantized: input.quantized ?? [], excluded: input.excluded ?? [] },
    calibration: input.calibration ?? null,
    ioMapping: { inputs: pair(source.inputs, output.inputs), outputs: pair(source.outputs, output.outputs) },
    ortVersion: env.ortVersion,
    cpuFlags: env.cpuFlags,
    ...(input.int8Path ? { int8Path: input.int8Path } : {}),
    speed: input.speed ?? null,
    ...(input.fusion ? { fusion: input.fusion } : {}),
    notes: input.notes ?? [],
  };
}

/** Writes the manifest next to the model, atomically; returns its path. */
export async function writeManifest(outputPath: string, manifest: ConversionManifest): Promise<string> {
  const file = manifestPathFor(outputPath);
  await writeJsonAtomic(file, manifest);
  return file;
}
