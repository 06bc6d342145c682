/** Keeps the N images with the largest disagreement seen so far, with their pixels as the model saw them. */
import type { RgbImage } from '../../images/index.js';

export interface GalleryItem {
  relPath: string;
  disagreement: number;
  image: RgbImage;
}

export class DisagreementGallery {
  private readonly items: GalleryItem[] = [];

  constructor(private readonly capacity: number) {}

  /** Offers an image; kept only if it is among the `capacity` largest disagreements. Ties keep the earlier one. */
  offer(relPath: string, disagreement: number, image: RgbImage): void {
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

  /** Largest disagreement first. */
  sorted(): GalleryItem[] {
    return [...this.items].sort((a, b) => b.disagreement - a.disagreement || a.relPath.localeCompare(b.relPath));
  }
}
