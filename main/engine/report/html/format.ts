/**
 * Number formats used throughout the HTML report, one per kind of figure so the same figure always reads
 * the same: rates as percentages with two decimals, errors in scientific notation when small.
 */

const MINUS = '\u2212';

/** A 0..1 rate as a percentage, e.g. 0.98765 → "98.77%". */
export function formatPercent(rate: number | null | undefined, digits = 2): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${(rate * 100).toFixed(digits)}%`.replace('-', MINUS);
}

/** A signed difference of two rates in percentage points, e.g. -0.025 → "−2.50 pp". */
export function formatPointsDelta(delta: number | null | undefined, digits = 2): string {
  if (delta === null || delta === undefined || !Number.isFinite(delta)) return '—';
  const pp = delta * 100;
  const text = Math.abs(pp).toFixed(digits);
  if (Number(text) === 0) return `±${text} pp`;
  return `${pp > 0 ? '+' : MINUS}${text} pp`;
}

/**
 * An error magnitude: 0 as "0", below 1e-3 or from 1e4 in scientific notation ("1.23e-5"), otherwise three
 * significant digits.
 */
export function formatError(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : `${MINUS}∞`;
  if (value === 0) return '0';
  const abs = Math.abs(value);
  const text = abs < 1e-3 || abs >= 1e4 ? value.toExponential(2).replace('e+', 'e') : String(Number(value.toPrecision(3)));
  return text.replace(/^-/, MINUS);
}

/** A plain decimal with fixed digits (cosine, KL divergence …). */
export function formatDecimal(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toFixed(digits).replace(/^-/, MINUS);
}

/** A count with thousands separators, e.g. 12345 → "12,345". */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** A byte size in binary units, e.g. 4_500_000 → "4.29 MiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(2)} ${units[unit]}`;
}

/** A duration: "850 ms", "12.3 s", "4 min 05 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(2) : Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** PSNR in decibels; null means the outputs were identical. */
export function formatDecibels(value: number | null | undefined): string {
  if (value === null || value === undefined) return '∞ (identical)';
  return `${value.toFixed(1)} dB`;
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
