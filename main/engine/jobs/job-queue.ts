/** A FIFO gate that lets at most `limit` heavy jobs run at once. */
export class JobQueue {
  private running = 0;
  private readonly waiting: Array<{ start: () => void; signal: AbortSignal }> = [];

  constructor(private readonly limit: number) {}

  /** Resolves when the caller may start; rejects early if the signal aborts while waiting. */
  acquire(signal: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        this.running += 1;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.running -= 1;
          this.next();
        });
      };
      if (this.running < this.limit) {
        grant();
        return;
      }
      const entry = { start: grant, signal };
      this.waiting.push(entry);
      signal.addEventListener(
        'abort',
        () => {
          const index = this.waiting.indexOf(entry);
          if (index >= 0) {
            this.waiting.splice(index, 1);
            reject(signal.reason instanceof Error ? signal.reason : new Error('cancelled'));
          }
        },
        { once: true },
      );
    });
  }

  get pending(): number {
    return this.waiting.length;
  }

  private next(): void {
    while (this.running < this.limit) {
      const entry = this.waiting.shift();
      if (!entry) return;
      if (entry.signal.aborted) continue;
      entry.start();
    }
  }
}
