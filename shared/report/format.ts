/**
 * How every figure is written, in the app, the HTML report and the terminal alike: one function per kind of
 * figure, so the same number always reads the same. Sizes are binary (KiB, MiB), rates are percentages, signs
 * use the typographic minus.
 */

const MINUS = '\u2212';
const DASH = '—';

function missing(value: number | null | undefined): value is null | undefined {
  return value === null || value === undefined || !Number.isFinite(value);
}

/** A 0..1 rate as a percentage: 0.98765 → "98.77%"; null → "—". */
export function formatPercent(rate: number | null | undefined, digits = 2): string {
  if (missing(rate)) return DASH;
  return `${(rate * 100).toFixed(digits)}%`.replace('-', MINUS);
}

/** A signed difference of two rates in percentage points: −0.025 → "−2.50 pp", 0 → "±0.00 pp". */
export function formatPointsDelta(delta: number | null | undefined, digits = 2): string {
  if (missing(delta)) return DASH;
  const pp = delta * 100;
  const text = Math.abs(pp).toFixed(digits);
  if (Number(text) === 0) return `±${text} pp`;
  return `${pp > 0 ? '+' : MINUS}${text} pp`;
}

/** An error magnitude: 0 → "0", below 1e-3 or from 1e4 in scientific notation ("1.23e-5"), else 3 significant digits. */
export function formatError(value: number | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : `${MINUS}∞`;
  if (value === 0) return '0';
  const abs = Math.abs(value);
  const text = abs < 1e-3 || abs >= 1e4 ? value.toExponential(2).replace('e+', 'e') : String(Number(value.toPrecision(3)));
  return text.replace(/^-/, MINUS);
}

/** A plain decimal with fixed digits (cosine similarity …). */
export function formatDecimal(value: number | null | undefined, digits = 4): string {
  if (missing(value)) return DASH;
  return value.toFixed(digits).replace(/^-/, MINUS);
}

/** A count with thousands separators: 12345 → "12,345". */
export function formatCount(value: number | null | undefined): string {
  if (missing(value)) return DASH;
  return Math.round(value).toLocaleString('en-US');
}

/** A large count shortened for a terminal line: 1234567 → "1.23 M". */
export function formatShortCount(n: number): string {
  if (Math.abs(n) >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (Math.abs(n) >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (Math.abs(n) >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

/** A byte size in binary units with three significant digits: 578966 → "565 KiB", 4_500_000 → "4.29 MiB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (missing(bytes)) return DASH;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  const abs = Math.abs(value);
  return `${value.toFixed(abs < 10 ? 2 : abs < 100 ? 1 : 0)} ${units[unit]}`;
}

/** A latency or other short time: "0.84 ms", "12.3 ms", "850 ms", "1.23 s". */
export function formatMillis(ms: number | null | undefined): string {
  if (missing(ms)) return DASH;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0)} ms`;
}

/** A duration of work: "850 ms", "12.3 s", "4 min 05 s", "1 h 02 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (missing(ms) || ms < 0) return DASH;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(2) : Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  return `${m} min ${String(total % 60).padStart(2, '0')} s`;
}

/** A rate per second without its unit, with digits that suit its size: "1234", "56.7", "8.90". */
export function formatRate(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/** A ratio of two figures: "0.92×". */
export function formatRatio(value: number | null | undefined, digits = 2): string {
  if (missing(value)) return DASH;
  return `${value.toFixed(digits)}×`;
}

/** PSNR in decibels; null means the outputs were identical. */
export function formatDecibels(value: number | null | undefined): string {
  if (value === null || value === undefined) return '∞ (identical)';
  return `${value.toFixed(1)} dB`;
}

/** A class probability next to a class name: "99.8%", "<0.1%". */
export function formatProbability(value: number): string {
  if (value > 0 && value < 0.001) return '<0.1%';
  return `${(value * 100).toFixed(1)}%`;
}

/** FLOPs of one inference: "1.23 GFLOP". */
export function formatFlops(value: number | null | undefined): string {
  if (missing(value)) return DASH;
  if (value >= 1e9) return `${(value / 1e9).toFixed(2)} GFLOP`;
  if (value >= 1e6) return `${(value / 1e6).toFixed(1)} MFLOP`;
  return `${(value / 1e3).toFixed(1)} kFLOP`;
}

/** A label as the first words of a heading or card: "top-1 agreement" → "Top-1 agreement". */
export function capitalized(label: string): string {
  return label.length === 0 ? label : `${label[0]!.toUpperCase()}${label.slice(1)}`;
}

/** The first 12 hex digits of a sha256, enough to tell files apart at a glance. */
export function shortHash(sha256: string): string {
  return sha256.slice(0, 12);
}

/** A tensor shape such as [N, 3, 48, 192]; null dims print as "?". */
export function formatShape(shape: readonly (number | string | null)[] | null): string {
  if (shape === null) return 'unknown';
  return `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
}

/**
 * Decoded text as a reader can compare it: an empty string as ∅, and spaces at either end (a recogniser often
 * differs only by one) and runs of spaces inside as ␣, so two strings that differ never look the same.
 */
export function formatReadText(text: string): string {
  if (text === '') return '∅';
  return text.replace(/^[ \u3000]+|[ \u3000]+$|[ \u3000]{2,}/g, (spaces) => '␣'.repeat(spaces.length));
}
