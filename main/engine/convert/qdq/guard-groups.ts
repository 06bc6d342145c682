/**
 * The channel guard's float32 tensors in groups that become one float island each: two guarded tensors share a group
 * when one operator reads one and writes the other. The guard check weighs each group on its own, so a model keeps
 * in float32 only the islands its outputs need (on YOLOX-nano the stem's, which holds the whole gain in output
 * SQNR, and not the two head islands and the output tail that cost integer kernels for nothing).
 */
import type { PlacementPlan } from './placement.js';

export function guardGroups(plan: Pick<PlacementPlan, 'producer' | 'readers'>, guarded: readonly string[]): string[][] {
  const member = new Set(guarded);
  const parent = new Map(guarded.map((t) => [t, t]));
  const find = (t: string): string => {
    let r = t;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(t, r);
    return r;
  };
  const join = (a: string, b: string): void => {
    const [x, y] = [find(a), find(b)];
    if (x !== y) parent.set(y, x);
  };
  for (const t of guarded) {
    const p = plan.producer.get(t);
    for (const i of p?.input ?? []) if (member.has(i)) join(t, i);
    for (const r of plan.readers.get(t) ?? []) for (const o of r.output) if (member.has(o)) join(t, o);
  }
  const groups = new Map<string, string[]>();
  for (const t of guarded) groups.set(find(t), [...(groups.get(find(t)) ?? []), t]);
  return [...groups.values()];
}
