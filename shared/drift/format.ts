/**
 * How drift measures (PSI, KS, p-values, MMD², statistic medians) read, the same in the HTML report, the CLI and the
 * app. Shares, counts and perturbation titles use shared/report/format.ts and the catalog like every other view.
 */

/** Three significant digits; p-values under 1e-4 in scientific notation; null as a dash. */
export function formatMeasure(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value !== 0 && Math.abs(value) < 1e-4) return value.toExponential(1);
  return String(Number(value.toPrecision(3)));
}
