/**
 * Weighted nodes computed in float32 keep their float32 weight (prepacked by ONNX Runtime) while the file grows by at
 * most 10% of its int8 weights, the smallest weights first; integer kernels always get int8 weights.
 */
import { describe, expect, it } from 'vitest';
import { FLOAT_WEIGHT_GROWTH, floatKeptWeights } from '../../../main/engine/convert/qdq/float-kept-weights.js';
import type { WeightedNode } from '../../../main/engine/convert/weighted-nodes.js';
import { floatTensor, node } from '../onnx/model-builders.js';

function weighted(name: string, values: number, weightName = `${name}.w`): WeightedNode {
  const n = node('Conv', [`${name}.x`, weightName], [`${name}.y`], [], name);
  return { node: n, label: name, activation: `${name}.x`, weight: floatTensor(weightName, [values, 1, 1, 1]), channelAxis: 0, bias: null };
}

const names = (s: Set<WeightedNode>): string[] => [...s].map((w) => w.label).sort();

describe('float32 weights for the nodes computed in float32', () => {
  it('keeps them all when they are small next to the int8 weights', () => {
    const all = [weighted('big', 30_000), weighted('island1', 144), weighted('island2', 512)];
    const integer = new Set([all[0]!.node]);
    // 3 × (144 + 512) = 1968 bytes more, within 10% of 30 656 int8 bytes.
    expect(names(floatKeptWeights(all, integer))).toEqual(['island1', 'island2']);
  });

  it('takes the smallest first and stops where the file would grow by more than 10% of its int8 weights', () => {
    const all = [weighted('integer', 20_000), weighted('small', 300), weighted('medium', 500), weighted('large', 5_000)];
    const integer = new Set([all[0]!.node]);
    const total = 20_000 + 300 + 500 + 5_000;
    expect(3 * (300 + 500)).toBeLessThanOrEqual(FLOAT_WEIGHT_GROWTH * total);
    expect(3 * (300 + 500 + 5_000)).toBeGreaterThan(FLOAT_WEIGHT_GROWTH * total);
    expect(names(floatKeptWeights(all, integer))).toEqual(['medium', 'small']);
  });

  it('never gives an integer kernel a float32 weight, and keeps none when even the smallest is too big', () => {
    const all = [weighted('a', 100), weighted('b', 100)];
    expect(floatKeptWeights(all, new Set(all.map((w) => w.node))).size).toBe(0);
    const onlyFloat = [weighted('alone', 1_000)];
    expect(floatKeptWeights(onlyFloat, new Set()).size).toBe(0);
  });

  it('counts a weight shared by two nodes once in the int8 bytes', () => {
    const shared = [weighted('first', 1_000, 'w'), weighted('second', 1_000, 'w'), weighted('float', 40)];
    // int8 bytes 1040 (not 2040): 3 × 40 = 120 > 104, so the float node keeps int8 weights.
    expect(floatKeptWeights(shared, new Set([shared[0]!.node, shared[1]!.node])).size).toBe(0);
  });
});
