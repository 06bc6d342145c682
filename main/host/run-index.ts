import path from 'node:path';
import { z } from 'zod';
import { JsonStore } from './json-store.js';

const RunIndexEntrySchema = z.object({ runDir: z.string(), addedAt: z.string() });
const RunIndexSchema = z.array(RunIndexEntrySchema);
const MAX_ENTRIES = 2000;

/**
 * Run folders outside <dataDir>/runs that a host started (a compare with a chosen runDir), kept in
 * <dataDir>/run-index.json so that they are listed with the others.
 */
export class RunIndex {
  private readonly store: JsonStore<typeof RunIndexSchema>;

  constructor(dataDir: string) {
    this.store = new JsonStore(path.join(dataDir, 'run-index.json'), RunIndexSchema, () => []);
  }

  async list(): Promise<string[]> {
    return (await this.store.read()).map((e) => e.runDir);
  }

  async add(runDir: string): Promise<void> {
    const dir = path.resolve(runDir);
    await this.store.update((list) =>
      [{ runDir: dir, addedAt: new Date().toISOString() }, ...list.filter((e) => e.runDir !== dir)].slice(0, MAX_ENTRIES),
    );
  }

  async remove(runDir: string): Promise<void> {
    const dir = path.resolve(runDir);
    await this.store.update((list) => list.filter((e) => e.runDir !== dir));
  }
}
