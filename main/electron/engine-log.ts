/** The engine's stdout and stderr, line by line with a timestamp, in a log file that rotates when it grows large. */
import { createWriteStream, mkdirSync, renameSync, statSync, type WriteStream } from 'node:fs';
import path from 'node:path';

export class EngineLog {
  private stream: WriteStream | undefined;
  private partial = '';

  constructor(
    readonly file: string,
    private readonly maxBytes = 5 * 1024 * 1024,
  ) {}

  /** Opens the log for appending; a file over the size limit is kept as <name>.1.log first. */
  open(): void {
    if (this.stream) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    try {
      if (statSync(this.file).size > this.maxBytes) {
        const parsed = path.parse(this.file);
        renameSync(this.file, path.join(parsed.dir, `${parsed.name}.1${parsed.ext}`));
      }
    } catch {
      // no log yet
    }
    this.stream = createWriteStream(this.file, { flags: 'a' });
    this.stream.on('error', () => {
      // a full disk must not take the app down: stop logging
      this.stream = undefined;
    });
  }

  /** Appends output of the engine; partial lines wait for their end. */
  output(stream: 'stdout' | 'stderr', chunk: string): void {
    const text = this.partial + chunk;
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) this.line(`[${stream}] ${line}`);
  }

  /** One timestamped line. */
  line(text: string): void {
    this.open();
    this.stream?.write(`${new Date().toISOString()} ${text}\n`);
  }

  close(): Promise<void> {
    const stream = this.stream;
    this.stream = undefined;
    if (!stream) return Promise.resolve();
    return new Promise((resolve) => stream.end(() => resolve()));
  }
}
