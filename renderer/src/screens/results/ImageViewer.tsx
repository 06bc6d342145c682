/** One image in detail: the picture as the model saw it and both models' top-k side by side. */
import type { ParityReport } from '../../../../shared/report/report.js';
import { Card } from '../../components/Card.js';
import { Badge, EmptyState } from '../../components/Feedback.js';
import { Button } from '../../components/Button.js';
import { KeyValue } from '../../components/KeyValue.js';
import { compact } from '../../format/numbers.js';
import { ModelView } from './ModelView.js';
import { TopKColumns } from './TopKColumns.js';
import type { ImageRow } from './image-rows.js';

export function ImageViewer({ runId, report, row, onStep }: { runId: string; report: ParityReport; row: ImageRow | null; onStep: (delta: number) => void }) {
  if (!row) {
    return (
      <Card title="Image" id="viewer">
        <EmptyState icon="image" title="No image selected">
          Select an image in the gallery or the table (Enter) to see it with both models' predictions.
        </EmptyState>
      </Card>
    );
  }
  const detail = report.perImage[row.index]!;
  const classes = report.labels?.classes ?? null;
  return (
    <Card
      title={<span className="mono">{row.path}</span>}
      id="viewer"
      actions={
        <>
          <Button size="sm" variant="ghost" icon="chevronLeft" aria-label="Previous image" onClick={() => onStep(-1)} />
          <Button size="sm" variant="ghost" icon="chevronRight" aria-label="Next image" onClick={() => onStep(1)} />
        </>
      }
    >
      <div className="viewer" data-testid="image-viewer">
        <div className="viewer-images">
          <figure>
            <ModelView runId={runId} report={report} relPath={row.path} alt={`${row.path} as the model saw it`} preferPreview maxSide={480} />
            <figcaption className="small muted">clean · {report.preprocess.width}×{report.preprocess.height} as the models saw it</figcaption>
          </figure>
        </div>
        <div className="viewer-facts">
          <div className="row">
            {row.agree === null ? null : row.agree ? <Badge tone="good">top-1 agrees</Badge> : <Badge tone="bad">top-1 differs</Badge>}
            {row.label !== null && <Badge>label {row.label}</Badge>}
            {row.referenceCorrect !== null && <Badge tone={row.referenceCorrect ? 'good' : 'bad'}>reference {row.referenceCorrect ? 'right' : 'wrong'}</Badge>}
            {row.candidateCorrect !== null && <Badge tone={row.candidateCorrect ? 'good' : 'bad'}>candidate {row.candidateCorrect ? 'right' : 'wrong'}</Badge>}
          </div>
          <TopKColumns reference={detail.reference.topK} candidate={detail.candidate.topK} classes={classes} label={row.label} />
          <KeyValue
            columns={3}
            items={[
              { key: 'Disagreement', value: compact(row.disagreement) },
              { key: 'Max |Δ|', value: compact(row.maxAbs) },
              { key: 'Allclose', value: row.allclose ? 'yes' : 'no' },
            ]}
          />
        </div>
      </div>
    </Card>
  );
}
