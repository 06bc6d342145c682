/**
 * Outputs saved by another framework as a side of a comparison (`--reference-outputs`): NumPy files keyed by each
 * image's path relative to the images folder, so any framework Parity does not run (TensorFlow, PyTorch,
 * OpenVINO, a production pipeline) can be compared with a model Parity runs. Layouts:
 * - a folder with `<relPath>.npy` per image (one output), or `<relPath>.npz` per image (one array per output name);
 * - one `.npz` archive with an array per image under `<relPath>` (one output) or `<relPath>#<output name>`.
 * A .npy file's output takes the other side's name when each side has one output. Dtypes (float32/float16/float64,
 * integers, bool) and shapes are checked against the other side's when the pair opens (a missing leading batch
 * dimension of 1 is allowed), and every image's arrays against the other side's outputs as they come.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ParityError } from '../../../../shared/errors.js';
import type { TensorSignature } from '../../../../shared/model-info.js';
import type { ModelSource } from '../../../../shared/report/model-source.js';
import type { TensorOutput } from '../../infer/tensors.js';
import { NpyFormatError, parseNpy, type NpyArray } from '../../numpy/npy.js';
import { NpzArchive } from '../../numpy/npz.js';
import type { FeedKey, ModelSide } from './model-side.js';
import { outputMismatch, sameNumberKind, shapesMatch } from './side-checks.js';
import type { ModelSignature } from './signatures.js';

/** The name a lone .npy output has until it is bound to the other side's one output. */
const UNNAMED = '';
/** Entries looked at while searching the folder for a first saved file. */
const MAX_PROBE_ENTRIES = 100_000;
const HINT = 'Save each image\'s outputs as <images-relative path>.npy (one output) or .npz (one array per output name); `parity export-script` writes a script that does.';

/** Marks a missing saved output: the image is skipped with this reason instead of failing the run. */
export class MissingSavedOutput extends ParityError {
  constructor(relPath: string, expected: string) {
    super('BAD_OPTION', `no saved output for this image (looked for ${expected})`, HINT, { relPath });
  }
}

type Storage =
  | { layout: 'files'; dir: string }
  | { layout: 'archive'; archive: NpzArchive };

function unreadable(file: string, error: unknown): ParityError {
  const reason = error instanceof NpyFormatError ? error.message : `it cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  return new ParityError('BAD_OPTION', `The saved output ${file} is unusable: ${reason}.`, HINT, { path: file });
}

/** The first .npy/.npz file under `dir` in sorted order (files before deeper folders do not matter: any will do). */
async function firstSavedFile(dir: string): Promise<string | null> {
  let seen = 0;
  const walk = async (folder: string): Promise<string | null> => {
    const entries = (await fs.readdir(folder, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      if (++seen > MAX_PROBE_ENTRIES) return null;
      if (entry.name.startsWith('.')) continue;
      const full = path.join(folder, entry.name);
      if (entry.isFile() && /\.np[yz]$/.test(entry.name)) return full;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const found = await walk(path.join(folder, entry.name));
      if (found) return found;
    }
    return null;
  };
  return walk(dir);
}

export class SavedOutputsSide implements ModelSide {
  readonly timed = false;
  private signatureNow: ModelSignature;
  /** Prepend a batch dimension of 1: the files were saved without it. */
  private addBatch = false;

  private constructor(
    readonly source: string,
    private readonly storage: Storage,
    /** Output name → dtype and shape as saved (in the first image's files). */
    private readonly saved: Map<string, { dtype: string; shape: number[] }>,
  ) {
    this.signatureNow = { inputs: [], outputs: [...saved].map(([name, s]) => ({ name, dtype: s.dtype, shape: s.shape })) };
  }

  /** Opens a folder of per-image files or one .npz archive, reading one image's arrays to learn the outputs. */
  static async open(location: string): Promise<SavedOutputsSide> {
    const stat = await fs.stat(location).catch(() => null);
    if (!stat) throw new ParityError('BAD_OPTION', `Saved outputs not found: ${location}`, HINT);
    if (stat.isFile()) {
      if (!location.endsWith('.npz')) throw new ParityError('BAD_OPTION', `${location} is a file but not a .npz archive.`, HINT);
      const archive = await NpzArchive.open(location).catch((error: unknown) => {
        throw unreadable(location, error);
      });
      try {
        const keys = archive.keys();
        if (keys.length === 0) throw new ParityError('BAD_OPTION', `The archive ${location} holds no arrays.`, HINT);
        const firstImage = keys[0]!.split('#')[0]!;
        const saved = new Map<string, { dtype: string; shape: number[] }>();
        for (const key of keys.filter((k) => k === firstImage || k.startsWith(`${firstImage}#`))) {
          const array = (await archive.read(key))!;
          saved.set(key === firstImage ? UNNAMED : key.slice(firstImage.length + 1), { dtype: array.dtype, shape: array.shape });
        }
        return new SavedOutputsSide(location, { layout: 'archive', archive }, saved);
      } catch (error) {
        await archive.close();
        throw error instanceof ParityError ? error : unreadable(location, error);
      }
    }
    const first = await firstSavedFile(location);
    if (!first) throw new ParityError('BAD_OPTION', `The folder ${location} holds no .npy or .npz file.`, HINT);
    const arrays = await SavedOutputsSide.readFile(first);
    const saved = new Map([...arrays].map(([name, a]) => [name, { dtype: a.dtype, shape: a.shape }]));
    return new SavedOutputsSide(location, { layout: 'files', dir: location }, saved);
  }

  private static async readFile(file: string): Promise<Map<string, NpyArray>> {
    try {
      if (file.endsWith('.npy')) return new Map([[UNNAMED, parseNpy(await fs.readFile(file))]]);
      const archive = await NpzArchive.open(file);
      try {
        const out = new Map<string, NpyArray>();
        for (const key of archive.keys()) out.set(key, (await archive.read(key))!);
        return out;
      } finally {
        await archive.close();
      }
    } catch (error) {
      throw error instanceof ParityError ? error : unreadable(file, error);
    }
  }

  get signature(): ModelSignature {
    return this.signatureNow;
  }

  get origin(): ModelSource {
    return {
      kind: 'outputs',
      path: this.source,
      layout: this.storage.layout,
      dtypes: Object.fromEntries(this.signatureNow.outputs.map((o) => [o.name, o.dtype])),
    };
  }

  bindTo(counterpart: ModelSignature): void {
    const outputs: TensorSignature[] = [];
    const mine = this.signatureNow.outputs;
    if (mine.length === 1 && mine[0]!.name === UNNAMED) {
      if (counterpart.outputs.length !== 1) {
        throw new ParityError(
          'MODEL_MISMATCH',
          `A .npy file holds one output; the candidate has ${counterpart.outputs.length} (${counterpart.outputs.map((o) => o.name).join(', ')}).`,
          'Save one .npz per image with an array per output name (np.savez(path, **{name: array})).',
        );
      }
      this.rename(UNNAMED, counterpart.outputs[0]!.name);
    }
    for (const out of this.signatureNow.outputs) {
      const other = counterpart.outputs.find((o) => o.name === out.name);
      let shape = out.shape ?? [];
      if (other?.shape && shape.length === other.shape.length - 1 && shapesMatch([1, ...shape], other.shape)) {
        this.addBatch = true;
        shape = [1, ...shape];
      }
      if (other && (!sameNumberKind(out.dtype, other.dtype) || !shapesMatch(shape, other.shape))) {
        throw outputMismatch(out.name, { what: `the saved outputs (${this.source})`, dtype: out.dtype, shape }, { what: 'the candidate', ...other }, HINT);
      }
      outputs.push({ ...out, shape });
    }
    this.signatureNow = { inputs: [], outputs };
  }

  private rename(from: string, to: string): void {
    const entry = this.saved.get(from)!;
    this.saved.delete(from);
    this.saved.set(to, entry);
    this.signatureNow = { inputs: [], outputs: this.signatureNow.outputs.map((o) => (o.name === from ? { ...o, name: to } : o)) };
  }

  /** The saved outputs of the image `key` names (clean images only: saved outputs hold no perturbed versions). */
  async run(_inputName: string, _tensor: unknown, key: FeedKey): Promise<Record<string, TensorOutput>> {
    if (key.perturbation) {
      throw new ParityError('UNSUPPORTED', 'Saved outputs hold the clean images only; they cannot be compared under perturbations.', 'Leave out --perturb with --reference-outputs.');
    }
    const arrays = await this.arraysOf(key.relPath);
    const out: Record<string, TensorOutput> = {};
    for (const [name, array] of arrays) {
      const pairName = name === UNNAMED ? this.signatureNow.outputs[0]!.name : name;
      const expected = this.signatureNow.outputs.find((o) => o.name === pairName)?.shape;
      const dims = this.addBatch && expected && array.shape.length === expected.length - 1 ? [1, ...array.shape] : array.shape;
      out[pairName] = { data: array.data, dims, dtype: array.dtype };
    }
    return out;
  }

  private async arraysOf(relPath: string): Promise<Map<string, NpyArray>> {
    if (this.storage.layout === 'archive') {
      const { archive } = this.storage;
      const keys = archive.has(relPath) ? [relPath] : this.signatureNow.outputs.map((o) => `${relPath}#${o.name}`).filter((k) => archive.has(k));
      if (keys.length === 0) throw new MissingSavedOutput(relPath, `"${relPath}" in ${path.basename(archive.file)}`);
      const out = new Map<string, NpyArray>();
      for (const k of keys) {
        const array = await archive.read(k).catch((error: unknown) => {
          throw unreadable(`${archive.file}[${k}]`, error);
        });
        out.set(k === relPath ? UNNAMED : k.slice(relPath.length + 1), array!);
      }
      return out;
    }
    const base = path.join(this.storage.dir, ...relPath.split('/'));
    for (const file of [`${base}.npy`, `${base}.npz`]) {
      const exists = await fs.stat(file).then((s) => s.isFile(), () => false);
      if (exists) return SavedOutputsSide.readFile(file);
    }
    throw new MissingSavedOutput(relPath, `${relPath}.npy or .npz`);
  }

  async warm(): Promise<void> {}

  async release(): Promise<void> {
    if (this.storage.layout === 'archive') await this.storage.archive.close();
  }
}

/** Whether an error means "skip this image, it has no saved output" rather than "stop the run". */
export function isMissingSavedOutput(error: unknown): error is MissingSavedOutput {
  return error instanceof MissingSavedOutput;
}
