/**
 * Variants this window has seen finish, kept in local storage: the host keeps only its last finished jobs (and
 * forgets them when it restarts), while a converted model stays on disk and should stay listed.
 */
import { z } from 'zod';
import { ConvertResultSchema } from '../../../shared/contract/jobs/convert.js';

export const SavedVariantSchema = z.object({
  model: z.string(),
  recipe: z.string(),
  jobId: z.string(),
  finishedAt: z.string().nullable(),
  result: ConvertResultSchema,
});
export type SavedVariant = z.infer<typeof SavedVariantSchema>;

const KEY = 'parity.variants.v1';
/** Enough for several models' full sets of recipes; manifests of large models are tens of kilobytes each. */
export const MAX_SAVED_VARIANTS = 40;

export function loadVariants(storage: Pick<Storage, 'getItem'> | null): SavedVariant[] {
  try {
    const parsed = z.array(SavedVariantSchema).safeParse(JSON.parse(storage?.getItem(KEY) ?? '[]'));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** The list with `variant` added (replacing an older one of the same output file), newest last, bounded. */
export function withVariant(list: readonly SavedVariant[], variant: SavedVariant): SavedVariant[] {
  return [...list.filter((v) => v.result.output !== variant.result.output), variant].slice(-MAX_SAVED_VARIANTS);
}

export function saveVariants(storage: Pick<Storage, 'setItem'> | null, list: readonly SavedVariant[]): void {
  try {
    storage?.setItem(KEY, JSON.stringify(list));
  } catch {
    // storage full: the variants stay listed for this window's life
  }
}
