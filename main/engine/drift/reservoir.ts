/**
 * A seeded reservoir sample of fixed-width rows (Vitter's algorithm R): after n rows offered it holds a uniform
 * sample of min(n, capacity) of them, in fixed memory, the same sample for the same seed and order.
 */
import { seededRandom } from '../../../shared/seeded-random.js';

export class RowReservoir {
  private readonly rows: Float64Array;
  private readonly random: () => number;
  private held = 0;
  /** Rows offered so far. */
  seen = 0;

  constructor(
    readonly capacity: number,
    readonly width: number,
    seed: number,
  ) {
    this.rows = new Float64Array(capacity * width);
    this.random = seededRandom(seed);
  }

  /** Offers a row; returns the slot it was stored in, or -1 when it was not kept. */
  offer(row: ArrayLike<number>): number {
    this.seen += 1;
    let slot: number;
    if (this.held < this.capacity) slot = this.held++;
    else {
      slot = Math.floor(this.random() * this.seen);
      if (slot >= this.capacity) return -1;
    }
    for (let k = 0; k < this.width; k++) this.rows[slot * this.width + k] = row[k]!;
    return slot;
  }

  get size(): number {
    return this.held;
  }

  /** Row i (a view, valid until the next offer). */
  row(i: number): Float64Array {
    return this.rows.subarray(i * this.width, (i + 1) * this.width);
  }

  /** Column k of the rows held, sorted ascending. */
  sortedColumn(k: number): Float64Array {
    const out = new Float64Array(this.held);
    for (let i = 0; i < this.held; i++) out[i] = this.rows[i * this.width + k]!;
    return out.sort();
  }
}
