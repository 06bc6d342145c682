/**
 * Keeps the N images with the largest disagreement seen so far, with their pixels as the model saw them.
 * After a resumed run the pixels of images kept before the interruption are missing and are loaded again
 * (decoded and fitted exactly as before) when the report is written.
 */
import type { RgbImage } from '../../images/index.js';

export interface GalleryItem {
  relPath: string;
  disagreement: number;
  image: RgbImage | null;
}

export interface GalleryEntry {
  relPath: string;
  disagreement: number;
}

export class DisagreementGallery {
  private readonly items: GalleryItem[] = [];

  constructor(private readonly capacity: number) {}

  /** Offers an image; kept only if it is among the `capacity` largest disagreements. Ties keep the earlier one. */
  offer(relPath: string, disagreement: number, image: RgbImage | null): void {
    if (this.capacity === 0 || !(disagreement > 0)) return;
    if (this.items.length < this.capacity) {
      this.items.push({ relPath, disagreement, image });
      return;
    }
    let minIndex = 0;
    for (let i = 1; i < this.items.length; i++) {
      if (this.items[i]!.disagreement < this.items[minIndex]!.disagreement) minIndex = i;
    }
    if (disagreement > this.items[minIndex]!.disagreement) this.items[minIndex] = { relPath, disagreement, image };
  }

  /** What a checkpoint keeps: which images, in insertion order (pixels are not checkpointed). */
  entries(): GalleryEntry[] {
    return this.items.map(({ relPath, disagreement }) => ({ relPath, disagreement }));
  }

  /** Largest disagreement first, every image's pixels present (missing ones loaded with `load`). */
  async sorted(load: (relPath: string) => Promise<RgbImage>): Promise<Array<GalleryItem & { image: RgbImage }>> {
    const out: Array<GalleryItem & { image: RgbImage }> = [];
    for (const item of this.items) out.push({ ...item, image: item.image ?? (await load(item.relPath)) });
    return out.sort((a, b) => b.disagreement - a.disagreement || a.relPath.localeCompare(b.relPath));
  }
}
