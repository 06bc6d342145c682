/**
 * Keeps the N images with the largest disagreement, with their pixels as the model saw them. Which images are kept
 * depends only on the images offered, never on their order (ties go to the smaller relative path), so shards'
 * galleries merge into the gallery of the whole run. After a resumed run the pixels of images kept before the
 * interruption are missing and are loaded again (decoded and fitted exactly as before) when the report is written.
 */
import { compareCodePoints, type RgbImage } from '../../images/index.js';

export interface GalleryItem {
  relPath: string;
  disagreement: number;
  image: RgbImage | null;
}

export interface GalleryEntry {
  relPath: string;
  disagreement: number;
}

/** Whether `a` ranks before `b`: larger disagreement first, then the smaller path. */
function ranksBefore(a: GalleryEntry, b: GalleryEntry): boolean {
  return a.disagreement > b.disagreement || (a.disagreement === b.disagreement && compareCodePoints(a.relPath, b.relPath) < 0);
}

export class DisagreementGallery {
  private readonly items: GalleryItem[] = [];

  constructor(private readonly capacity: number) {}

  /** Offers an image; kept only if it ranks among the `capacity` largest disagreements. */
  offer(relPath: string, disagreement: number, image: RgbImage | null): void {
    if (this.capacity === 0 || !(disagreement > 0)) return;
    const item = { relPath, disagreement, image };
    if (this.items.length < this.capacity) {
      this.items.push(item);
      return;
    }
    let last = 0;
    for (let i = 1; i < this.items.length; i++) if (ranksBefore(this.items[last]!, this.items[i]!)) last = i;
    if (ranksBefore(item, this.items[last]!)) this.items[last] = item;
  }

  /** What a checkpoint or a shard keeps: which images (pixels are not kept). */
  entries(): GalleryEntry[] {
    return this.items.map(({ relPath, disagreement }) => ({ relPath, disagreement }));
  }

  /** Largest disagreement first, every image's pixels present (missing ones loaded with `load`). */
  async sorted(load: (relPath: string) => Promise<RgbImage>): Promise<Array<GalleryItem & { image: RgbImage }>> {
    const out: Array<GalleryItem & { image: RgbImage }> = [];
    for (const item of this.ranked()) out.push({ ...item, image: item.image ?? (await load(item.relPath)) });
    return out;
  }

  /** The kept images, largest disagreement first. */
  ranked(): GalleryItem[] {
    return [...this.items].sort((a, b) => (ranksBefore(a, b) ? -1 : ranksBefore(b, a) ? 1 : 0));
  }
}
