/** Job progress on stderr: a live bar on a terminal, one line per stage otherwise (CI logs stay readable). */
import type { JobProgress } from '../../shared/contract/progress.js';

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export class ProgressBar {
  private lastStage = '';
  private drawn = false;
  private readonly tty: boolean;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly enabled = true,
  ) {
    this.tty = Boolean(stream.isTTY);
  }

  update(progress: JobProgress): void {
    if (!this.enabled) return;
    if (!this.tty) {
      if (progress.stage !== this.lastStage) {
        this.lastStage = progress.stage;
        const total = progress.total !== null ? ` (${progress.total})` : '';
        this.stream.write(`parity: ${progress.stage}${total}\n`);
      }
      return;
    }
    this.lastStage = progress.stage;
    const width = Math.max(10, Math.min(30, (this.stream.columns ?? 80) - 60));
    let bar = '';
    let counts = `${progress.done}`;
    if (progress.total !== null && progress.total > 0) {
      const ratio = Math.min(1, progress.done / progress.total);
      const filled = Math.round(ratio * width);
      bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] `;
      counts = `${progress.done}/${progress.total}`;
    }
    const eta = progress.etaMs !== null && progress.total !== null && progress.done < progress.total ? ` ETA ${formatDuration(progress.etaMs)}` : '';
    const line = `${progress.stage} ${bar}${counts}${eta}`;
    const columns = this.stream.columns ?? 100;
    this.stream.write(`\r\x1b[2K${line.slice(0, columns - 1)}`);
    this.drawn = true;
  }

  /** Clears the live line so that the next output starts on a clean line. */
  finish(): void {
    if (this.tty && this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}
