import path from 'node:path';
import { z } from 'zod';
import { RecentProjectSchema, type RecentProject } from '../../shared/contract/host-api.js';
import { JsonStore } from './json-store.js';

const MAX_RECENT = 20;

/** Recent projects (model, images, labels) in <dataDir>/recent.json, newest first, without duplicates. */
export class RecentProjects {
  private readonly store: JsonStore<z.ZodArray<typeof RecentProjectSchema>>;

  constructor(dataDir: string) {
    this.store = new JsonStore(path.join(dataDir, 'recent.json'), z.array(RecentProjectSchema), () => []);
  }

  list(): Promise<RecentProject[]> {
    return this.store.read();
  }

  async add(project: Omit<RecentProject, 'openedAt'>, now = new Date()): Promise<void> {
    const entry: RecentProject = { ...project, openedAt: now.toISOString() };
    await this.store.update((list) =>
      [entry, ...list.filter((p) => !(p.model === entry.model && p.images === entry.images))].slice(0, MAX_RECENT),
    );
  }
}
