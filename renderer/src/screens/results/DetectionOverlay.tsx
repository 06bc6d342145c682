/** Both models' boxes over the image the models saw: reference and candidate in their colours, unmatched dashed. */
import type { DetectionMetrics } from '../../../../shared/report/detection.js';
import { detectionOverlay, MAX_LABELLED_BOXES } from '../../../../shared/report/detection-overlay.js';

export function DetectionOverlay({ detection, input, classes }: { detection: DetectionMetrics; input: { width: number; height: number }; classes: readonly string[] | null }) {
  // About 12 px on the viewer's 360 px picture, whatever the input size (the SVG scales its user units).
  const font = Math.max(input.width, input.height) / 30;
  const labelled = detection.referenceCount + detection.candidateCount <= MAX_LABELLED_BOXES;
  return (
    <svg className="detections" viewBox={`0 0 ${input.width} ${input.height}`} preserveAspectRatio="xMidYMid meet" data-testid="detection-overlay" aria-hidden="true">
      {detectionOverlay(detection, classes).map((b, i) => {
        const bottom = b.y + b.height;
        // The reference's label above its box, the candidate's below, so that a matched pair's labels do not overlap.
        const textY = b.role === 'reference' ? (b.y >= font ? b.y - font * 0.25 : b.y + font) : bottom + font <= input.height ? bottom + font * 0.9 : bottom - font * 0.25;
        return (
          <g key={i} className={`box ${b.role}${b.matched ? '' : ' unmatched'}`}>
            <title>{b.title}</title>
            <rect x={b.x} y={b.y} width={b.width} height={b.height} vectorEffect="non-scaling-stroke" />
            {labelled && (
              <text x={b.x} y={textY} fontSize={font} strokeWidth={font * 0.15}>
                {b.label}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
