/**
 * "Keep this node in float and convert again": the candidate's own conversion (recipe and options from its
 * manifest) with one more node in excludeNodes, written next to the variant under a name that says so.
 */
import { ConversionOptionsSchema, RecipeSchema, type ConversionOptions } from '../../../../shared/contract/jobs/convert.js';
import type { ConversionManifest } from '../../../../shared/report/conversion-manifest.js';
import { dirName, joinPath, stemOf } from '../../format/paths.js';
import type { UiJobParams } from '../../state/jobs.js';

/** The manifest's options the convert job still takes (each checked on its own; stale or derived ones dropped). */
function optionsOf(manifest: ConversionManifest): Partial<ConversionOptions> {
  const shape = ConversionOptionsSchema.shape;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(manifest.options)) {
    const field = shape[key as keyof typeof shape];
    if (field === undefined) continue;
    const parsed = field.safeParse(value);
    if (parsed.success) out[key] = parsed.data;
  }
  return out as Partial<ConversionOptions>;
}

/** Convert parameters that repeat the candidate's conversion with `node` kept in float; null without a known recipe. */
export function reconvertParams(manifest: ConversionManifest, node: string): UiJobParams<'convert'> | null {
  const recipe = RecipeSchema.safeParse(manifest.recipe);
  if (!recipe.success) return null;
  const options = optionsOf(manifest);
  const excludeNodes = [...new Set([...(options.excludeNodes ?? []), node])];
  const safe = node.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
  const output = joinPath(dirName(manifest.output.path), `${stemOf(manifest.output.path)}.without-${safe}.onnx`);
  return { ...options, model: manifest.source.path, recipe: recipe.data, output, excludeNodes };
}
