/** The drift report's verdict in one or two sentences. */
import { perturbationInfo, isPerturbationName } from '../../../shared/perturbations/index.js';
import type { DriftReport } from '../../../shared/drift/drift-report.js';

const pct = (v: number): string => `${(v * 100).toFixed(v > 0.999 && v < 1 ? 1 : 0)}%`;
const num = (v: number): string => String(Number(v.toPrecision(2)));

/** "Brightness and contrast shifted (PSI 0.84, 0.41). The field looks like fog at severity 2; there …" */
export function driftHeadline(r: Pick<DriftReport, 'statistics' | 'model' | 'resembles' | 'resemblance' | 'robustnessRun'>): string {
  const parts: string[] = [];
  const moved = r.statistics.filter((s) => s.level !== 'stable');
  if (moved.length === 0) parts.push('No image statistic moved (every PSI is under 0.1).');
  else {
    const shown = moved.slice(0, 3).map((s) => `${s.title.toLowerCase()} ${num(s.psi ?? 0)}`);
    parts.push(`${moved.length} of ${r.statistics.length} image statistics moved (PSI: ${shown.join(', ')}${moved.length > 3 ? ', …' : ''}).`);
  }
  const f = r.model?.features;
  if (f) parts.push(`The model's features ${f.pValue < 0.01 ? 'shifted' : 'did not shift significantly'} (MMD permutation p = ${num(f.pValue)}).`);
  const best = r.resembles[0];
  if (best && r.resemblance) {
    if (!best.closerThanClean) parts.push('No perturbation resembles the field better than the reference itself.');
    else {
      const title = isPerturbationName(best.name) ? perturbationInfo(best.name).title.toLowerCase() : best.name;
      let sentence = `The field looks most like ${title} at severity ${best.severity}`;
      if (best.agreement !== null && r.robustnessRun) sentence += `; there the candidate agrees with the original on ${pct(best.agreement)} of images`;
      parts.push(`${sentence}.`);
    }
  }
  const c = r.model?.candidate;
  if (c && c.agreement.field !== null && c.agreement.reference !== null) {
    parts.push(`On the field images the candidate agrees with the model on ${pct(c.agreement.field)} (${pct(c.agreement.reference)} on the reference).`);
  }
  return parts.join(' ');
}
