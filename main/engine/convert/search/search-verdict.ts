/** What a search says about its outcome, in plain sentences for the CLI, the manifest and the app. */
import type { SearchRequest } from '../../../../shared/contract/jobs/convert-search.js';
import type { SearchCandidate, SearchSection } from '../../../../shared/report/search-section.js';
import type { SearchDecision } from './choose.js';

export interface VerdictInput {
  source: string;
  decision: SearchDecision;
  candidates: readonly SearchCandidate[];
  request: SearchRequest;
  cpu: SearchSection['cpu'];
  stoppedBy: SearchSection['stoppedBy'];
  elapsedSeconds: number;
  calibrationPasses: number;
}

/** "0.93× [0.90–0.97] the original's latency". */
export function latencyText(c: SearchCandidate): string {
  const r = c.latencyRatio;
  if (r === null) return 'latency not measured';
  return `${r.median.toFixed(2)}× the original's latency (95% CI ${r.ci95[0].toFixed(2)}–${r.ci95[1].toFixed(2)})`;
}

function metricText(c: SearchCandidate, request: SearchRequest): string {
  return request.target.map((t) => `${t.metric} ${c.metrics[t.metric] === null || c.metrics[t.metric] === undefined ? 'n/a' : Number(c.metrics[t.metric]!.toPrecision(4))}`).join(', ');
}

function underText(c: SearchCandidate): string {
  if (c.perturbed === null) return '';
  const missed = c.perturbed.filter((p) => !p.meets);
  return missed.length === 0
    ? `, also under ${c.perturbed.map((p) => `${p.perturbation} ${p.severity}`).join(', ')}`
    : `, but not under ${missed.map((p) => `${p.perturbation} ${p.severity}`).join(', ')}`;
}

/** What to use instead of int8, from the float variants the search tried. */
function recommendationLines(v: VerdictInput): string[] {
  const target = v.request.targetText;
  const r = v.decision.recommendation;
  if (r !== null) {
    const faster = r.latencyRatio !== null && r.latencyRatio.ci95[1] < 1;
    return [
      faster
        ? `Use ${r.recipe} instead: it meets ${target} at ${latencyText(r)}${r.sizeRatio === null ? '' : `, ${r.sizeRatio.toFixed(2)}× the size`} (parity convert ${v.source} --recipe ${r.recipe}).`
        : `The fastest float variant that meets ${target} is ${r.recipe}, at ${latencyText(r)}: no variant is measurably faster than the original here${r.sizeRatio !== null && r.sizeRatio < 0.9 ? `; ${r.recipe} still makes the file ${r.sizeRatio.toFixed(2)}× as large` : ''} (parity convert ${v.source} --recipe ${r.recipe}).`,
    ];
  }
  return v.candidates.some((x) => x.recipe !== 'int8-static') ? [`No float variant tried meets ${target} either.`] : [];
}

/** The verdict sentences: what was chosen and why, whether int8 pays off on this CPU, what to use instead. */
export function searchVerdict(v: VerdictInput): string[] {
  const { decision, request } = v;
  const c = decision.chosen;
  const target = request.targetText;
  const tried = v.candidates.length;
  const int8 = v.candidates.filter((x) => x.recipe === 'int8-static').length;
  const lines: string[] = [];
  const size = c.sizeRatio === null ? '' : `, ${c.sizeRatio.toFixed(2)}× the original's size`;
  if (decision.met) {
    lines.push(`Search: ${tried} candidate(s) tried in ${Math.round(v.elapsedSeconds)} s; chosen "${c.label}", the fastest that meets ${target}: ${metricText(c, request)}${underText(c)}; ${latencyText(c)}${size}.`);
  } else {
    lines.push(`Search: none of the ${int8} int8 candidate(s) meets ${target}; kept the most accurate, "${c.label}": ${metricText(c, request)}${underText(c)}; ${latencyText(c)}${size}.`);
  }
  if (v.stoppedBy === 'budget') lines.push(`The budget of ${request.budgetSeconds} s ran out before every planned candidate was tried (--budget to give it more).`);
  const fastestInt8 = v.candidates.filter((x) => x.recipe === 'int8-static' && x.latencyRatio !== null).reduce<SearchCandidate | null>((a, b) => (a === null || b.latencyRatio!.median < a.latencyRatio!.median ? b : a), null);
  if (!decision.int8Faster) {
    const why = v.cpu.int8DotProduct ? '' : ` (${v.cpu.model}: no int8 dot-product instruction such as AVX-VNNI, AVX512-VNNI or AMX)`;
    lines.push(`No int8 candidate is faster than the original on this CPU${why}${fastestInt8 ? `: the fastest takes ${latencyText(fastestInt8)}` : ''}.`);
    lines.push(...recommendationLines(v));
  } else if (decision.met && !decision.meetingFaster) {
    lines.push(`The int8 candidates that meet ${target} are not faster than the original on this CPU; the faster ones miss it (the fastest takes ${latencyText(fastestInt8!)}).`);
    lines.push(...recommendationLines(v));
  }
  lines.push(
    v.calibrationPasses <= 1
      ? 'Calibration statistics were collected once and every candidate derived its ranges from them.'
      : `Calibration statistics were collected ${v.calibrationPasses} times (candidates observed different tensors) and shared otherwise.`,
  );
  return lines;
}
