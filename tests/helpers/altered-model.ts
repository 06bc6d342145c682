/** Writes a copy of a real model with some weights altered in code, to prove that comparisons detect it. */
import { readModel, tensorToTypedArray, weightsOf, writeModel } from '../../main/engine/onnx/index.js';

/**
 * Multiplies every float weight tensor with at least `minElements` elements by (1 + noise·u), u uniform in
 * [-1, 1] from a fixed seed, and writes the result to `target`.
 */
export async function writeAlteredModel(source: string, target: string, noise: number, minElements = 1000): Promise<number> {
  const model = await readModel(source);
  let seed = 12345;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  let altered = 0;
  for (const weight of weightsOf(model)) {
    if (weight.dtype !== 'float32' || weight.elementCount < minElements) continue;
    const values = Float32Array.from(tensorToTypedArray(model, weight.tensor) as Float32Array);
    for (let i = 0; i < values.length; i++) values[i] = values[i]! * (1 + noise * (2 * random() - 1));
    weight.tensor.rawData = new Uint8Array(values.buffer);
    weight.tensor.floatData = [];
    altered += 1;
  }
  await writeModel(model, target);
  return altered;
}
