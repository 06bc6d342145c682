/** A small JSON file validated on read and replaced atomically on write, with writes serialised in order. */
import { promises as fs } from 'node:fs';
import type { z } from 'zod';
import { writeFileAtomic } from '../engine/index.js';

export class JsonStore<S extends z.ZodType> {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly schema: S,
    private readonly fallback: () => z.output<S>,
  ) {}

  /** The stored value, or the fallback when the file is missing or not valid (a corrupt file is not fatal). */
  async read(): Promise<z.output<S>> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch {
      return this.fallback();
    }
    try {
      const parsed = this.schema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : this.fallback();
    } catch {
      return this.fallback();
    }
  }

  /** Reads, transforms and writes back, one update at a time. */
  update(change: (value: z.output<S>) => z.output<S>): Promise<z.output<S>> {
    const next = this.chain.then(async () => {
      const value = change(await this.read());
      await writeFileAtomic(this.file, `${JSON.stringify(value, null, 2)}\n`);
      return value;
    });
    this.chain = next.catch(() => undefined);
    return next;
  }
}
