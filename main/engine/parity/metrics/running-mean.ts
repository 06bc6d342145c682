/** A mean over images as a running sum and count: constant memory, saved in checkpoints, merged across shards. */
export class RunningMean {
  private sum = 0;
  private count = 0;

  add(value: number): void {
    this.sum += value;
    this.count++;
  }

  /** The mean, or null when nothing was added. */
  value(): number | null {
    return this.count === 0 ? null : this.sum / this.count;
  }

  /** Adds another mean's values, as if they had been added here. */
  merge(other: RunningMean): void {
    this.sum += other.sum;
    this.count += other.count;
  }

  toState(): [number, number] {
    return [this.sum, this.count];
  }

  restore([sum, count]: readonly [number, number]): void {
    this.sum = sum;
    this.count = count;
  }
}
