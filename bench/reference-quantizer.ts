/**
 * ONNX Runtime's Python quantizer as the benches' peer: which Python runs it (PARITY_REFERENCE_PYTHON, default
 * /work/venv/bin/python, else python3) and one call of bench/quantize-reference.py on calibration tensors saved as
 * .npy (quant_pre_process + quantize_static, QDQ, per-channel int8 weights, uint8 activations, MinMax).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function referencePython(): string {
  return process.env.PARITY_REFERENCE_PYTHON ?? (existsSync('/work/venv/bin/python') ? '/work/venv/bin/python' : 'python3');
}

export interface ReferenceQuantized {
  ok: boolean;
  seconds: number;
  /** The last lines of the quantizer's error output when it failed. */
  error: string;
}

/** Quantizes `model` with ORT's own tooling on the tensors in `npy`, writing `out` (7-bit weights with reduceRange). */
export function ortQuantize(model: string, npy: string, out: string, work: string, reduceRange: boolean): ReferenceQuantized {
  const t0 = performance.now();
  const run = spawnSync(
    referencePython(),
    [path.join(root, 'bench', 'quantize-reference.py'), '--model', model, '--tensors', npy, '--out', out, '--workdir', work, ...(reduceRange ? ['--reduce-range'] : [])],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const ok = run.status === 0 && existsSync(out);
  const error = ok ? '' : `${referencePython()}: ${(run.stderr || run.error?.message || '').trim().split('\n').slice(-2).join(' | ')}`;
  return { ok, seconds: (performance.now() - t0) / 1000, error };
}
