/** The zoo's model list (models.json), validated, and where each model and its images live in the cache. */
import { existsSync, readFileSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { RecipeSchema } from '../../shared/contract/jobs/convert.js';
import { PartialPreprocessSpecSchema } from '../../shared/preprocess.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const ImagesSchema = z.union([
  z.object({ repo: z.string(), labels: z.string().optional(), max: z.number().int().min(1) }).strict(),
  z.object({ generated: z.literal('scenes'), count: z.number().int().min(1), width: z.number().int(), height: z.number().int() }).strict(),
]);

export const ZooModelSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/),
    task: z.string(),
    /** npm package spec, name@version. */
    package: z.string(),
    /** The model's path inside the package, or how to assemble it from chunks. */
    file: z.string().optional(),
    assemble: z.object({ resources: z.string(), key: z.string() }).strict().optional(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    input: z.object({ name: z.string(), shape: z.array(z.union([z.number(), z.string()])) }).strict(),
    /** null: no spec Parity can feed (the model's compare is expected to be refused). */
    preprocess: PartialPreprocessSpecSchema.nullable(),
    images: ImagesSchema,
    /** A CTC recogniser's charset, a file of the same package: compares pass it as --charset (text agreement, CER). */
    charset: z.string().optional(),
    /** `--fail-under` gate of the comparison with each recipe's variant. */
    bar: z.partialRecord(RecipeSchema, z.string()).default({}),
    /** Recipes (and "compare") expected to be refused, with a phrase the refusal must contain. */
    refuse: z.partialRecord(z.union([RecipeSchema, z.literal('compare')]), z.string()).default({}),
    /** Recipes not run here, each with the reason (printed in the zoo's summary). */
    skip: z.partialRecord(RecipeSchema, z.string()).default({}),
  })
  .strict()
  .refine((m) => (m.file === undefined) !== (m.assemble === undefined), 'give exactly one of "file" and "assemble"');
export type ZooModel = z.infer<typeof ZooModelSchema>;

/** Every model of tests/zoo/models.json. */
export function zooModels(): ZooModel[] {
  const raw = JSON.parse(readFileSync(path.join(REPO, 'tests/zoo/models.json'), 'utf8')) as { models: unknown[] };
  return raw.models.map((m) => ZooModelSchema.parse(m));
}

/** The cache folder outside the repository: PARITY_ZOO_CACHE, else ~/.cache/parity-zoo. */
export function zooCache(): string {
  return process.env.PARITY_ZOO_CACHE || path.join(os.homedir(), '.cache', 'parity-zoo');
}

/**
 * Renames a folder made under a temporary name into the cache; when the other half of the zoo (a parallel process)
 * got there first, its copy stays and this one is removed.
 */
export async function moveIntoCache(temp: string, dir: string): Promise<void> {
  try {
    await rename(temp, dir);
  } catch (error) {
    if (!existsSync(dir)) throw error;
    await rm(temp, { recursive: true, force: true });
  }
}
