/** The serving pass in words: the method stated once, and the headline every view shows. */
import type { ServingRun } from '../../../../shared/report/serving-run.js';
import { formatCount, formatDuration, formatRatio } from '../../../../shared/report/format.js';

export const SERVING_METHOD =
  'Each side serves every compared image once per concurrency level, after the comparison: at level c, c clients each send the next image as soon ' +
  'as their previous request is answered. Images go in rounds; at each level each side serves a whole round, the order of the sides alternating ' +
  'from round to round. Time to serve all images = the sum of the rounds\' wall times; latency = one request from sending it to its whole answer, ' +
  'as the client sees it (JSON or binary encoding and decoding included for an endpoint; percentile p = sorted[floor(n·p)]). The ratio is the ' +
  'candidate\'s time over the reference\'s, with a 95% percentile-bootstrap interval over the rounds (2,000 resamples, seed 1).';

function levelName(concurrency: number): string {
  return concurrency === 1 ? 'sequentially' : `with ${concurrency} parallel clients`;
}

/** "candidate serves the 200 images in 1.2 s sequentially (0.71× the reference's time, 95% CI 0.68–0.74×) and …". */
export function servingHeadline(run: Omit<ServingRun, 'headline'>): string {
  const candidate = run.sides.find((s) => s.role === 'candidate');
  const reference = run.sides.find((s) => s.role === 'reference');
  const side = candidate ?? reference!;
  const parts = side.levels.map((level) => {
    const ratio = run.ratios.find((r) => r.concurrency === level.concurrency);
    const versus = ratio
      ? ratio.withinNoise
        ? ` (no measurable difference from the reference: ${formatRatio(ratio.timeRatio)}, 95% CI ${formatRatio(ratio.ci95[0])}–${formatRatio(ratio.ci95[1])})`
        : ` (${formatRatio(ratio.timeRatio)} the reference's time, 95% CI ${formatRatio(ratio.ci95[0])}–${formatRatio(ratio.ci95[1])})`
      : '';
    return `${formatDuration(level.wallMs)} ${levelName(level.concurrency)}${versus}`;
  });
  return `The ${side.role} serves the ${formatCount(run.images)} images in ${parts.join(' and ')}.`;
}
