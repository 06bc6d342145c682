/** Where the flips go: the class pairs that change most (chart) and agreement and accuracy per class with n (table). */
import { useCallback, useMemo } from 'react';
import type { ParityReport } from '../../../../shared/report/report.js';
import { classAgreementRows, flipPairRows, flipPairsSpec, type ChartScheme, type ClassAgreementRow } from '../../../../shared/charts/index.js';
import { Card } from '../../components/Card.js';
import { EmptyState } from '../../components/Feedback.js';
import { Table, type Column } from '../../components/Table.js';
import { LazyChart } from '../../charts/LazyChart.js';
import { count, percent } from '../../format/numbers.js';
import './WhereFlipsGo.css';

const COLUMNS: readonly Column<ClassAgreementRow>[] = [
  { key: 'class', header: 'Class', text: 'wrap', cell: (r) => r.className, sortValue: (r) => r.className },
  { key: 'n', header: 'n', align: 'right', cell: (r) => count(r.n), sortValue: (r) => r.n, title: () => 'images of this class' },
  { key: 'agreement', header: 'Agreement', align: 'right', cell: (r) => percent(r.agreement, 1), sortValue: (r) => r.agreement },
  { key: 'flips', header: 'Flips', align: 'right', cell: (r) => count(r.flips), sortValue: (r) => r.flips },
  { key: 'refAcc', header: 'Ref acc.', align: 'right', cell: (r) => percent(r.referenceAccuracy, 1), sortValue: (r) => r.referenceAccuracy, title: () => 'reference accuracy on this class' },
  { key: 'candAcc', header: 'Cand acc.', align: 'right', cell: (r) => percent(r.candidateAccuracy, 1), sortValue: (r) => r.candidateAccuracy, title: () => 'candidate accuracy on this class' },
];

export function WhereFlipsGo({ report }: { report: ParityReport }) {
  const pairs = useMemo(() => flipPairRows(report), [report]);
  const classes = useMemo(() => classAgreementRows(report), [report]);
  const chart = useCallback((scheme: ChartScheme) => flipPairsSpec(pairs.rows, { scheme, title: '', width: 'container' }), [pairs]);
  if (classes.rows.length === 0) return null;
  const subtitle =
    pairs.flips === 0
      ? 'No clean image changed its top-1 class.'
      : `${count(pairs.flips)} clean flip${pairs.flips === 1 ? '' : 's'} in ${count(pairs.pairs)} class pair${pairs.pairs === 1 ? '' : 's'}${pairs.pairs > pairs.rows.length ? `; the ${pairs.rows.length} most frequent` : ''}`;
  return (
    <Card title="Where the flips go" id="flips-by-class" subtitle={subtitle}>
      <div className="flips-by-class">
        {pairs.flips === 0 ? (
          <EmptyState icon="check" title="No flips">
            Both models give the same top-1 class on every clean image.
          </EmptyState>
        ) : (
          <LazyChart build={chart} description="The most frequent changes of top-1 class, reference to candidate" minHeight={Math.max(80, pairs.rows.length * 18 + 40)} />
        )}
        <div className="flips-by-class-table">
          <p className="small muted">Per {classes.groupedBy === 'label' ? 'true class' : "reference's top-1 class"}, lowest agreement first</p>
          <Table label="Agreement and accuracy per class" compact columns={COLUMNS} rows={classes.rows} rowKey={(r) => r.className} />
        </div>
      </div>
    </Card>
  );
}
