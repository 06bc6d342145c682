/** What inspect found: size, parameters, cost, graph and I/O signature. */
import type { ModelInfo } from '../../../../shared/model-info.js';
import { Card } from '../../components/Card.js';
import { KeyValue } from '../../components/KeyValue.js';
import { Table } from '../../components/Table.js';
import { bytes, count, flops } from '../../format/numbers.js';
import { shapeText } from './shape-text.js';

export function ModelFigures({ info, flopsShape }: { info: ModelInfo; flopsShape: readonly number[] | null }) {
  const opset = info.opsetImports.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', ');
  return (
    <Card title="Figures" id="figures">
      <KeyValue
        columns={4}
        items={[
          { key: 'File size', value: bytes(info.fileSizeBytes) },
          { key: 'External data', value: info.externalDataBytes ? bytes(info.externalDataBytes) : 'none' },
          { key: 'Parameters', value: count(info.parameterCount) },
          { key: 'Weights', value: bytes(info.initializerBytes) },
          { key: 'Nodes', value: count(info.nodeCount) },
          {
            key: 'Cost per image',
            value: info.flops === null ? 'unknown' : `${flops(info.flops)}${flopsShape ? ` at ${flopsShape.join('×')}` : ''}`,
            title: `Conv, Gemm and MatMul, 2 FLOPs per multiply-accumulate${info.flopsUnknownNodes ? `; ${info.flopsUnknownNodes} nodes not counted (unknown shapes)` : ''}`,
          },
          { key: 'Opset', value: opset || '—' },
          { key: 'Producer', value: `${info.producer.name || '—'} ${info.producer.version}`.trim() },
        ]}
      />
    </Card>
  );
}

export function ModelSignature({ info }: { info: ModelInfo }) {
  const rows = [...info.inputs.map((t) => ({ ...t, role: 'input' })), ...info.outputs.map((t) => ({ ...t, role: 'output' }))];
  return (
    <Card title="Inputs and outputs" id="signature">
      <Table
        label="Inputs and outputs"
        rows={rows}
        rowKey={(t) => `${t.role}:${t.name}`}
        columns={[
          { key: 'role', header: 'Role', className: 'muted', cell: (t) => t.role },
          { key: 'name', header: 'Name', text: 'wrap', className: 'mono', cell: (t) => t.name },
          { key: 'type', header: 'Type', className: 'mono', cell: (t) => t.dtype },
          { key: 'shape', header: 'Shape', className: 'mono', cell: (t) => shapeText(t.shape), title: (t) => (t.shape ? t.shape.map(String).join(' × ') : 'unknown') },
        ]}
      />
    </Card>
  );
}

export function OperatorTable({ info, limit = 10 }: { info: ModelInfo; limit?: number }) {
  const ops = Object.entries(info.opHistogram).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = ops.slice(0, limit);
  const rest = ops.slice(limit).reduce((n, [, c]) => n + c, 0);
  const share = (n: number): string => `${((n / Math.max(1, info.nodeCount)) * 100).toFixed(1)}%`;
  return (
    <Card title="Operators" id="operators" subtitle={`${ops.length} kinds`}>
      <Table
        label="Operators by node count"
        compact
        rows={shown}
        rowKey={([op]) => op}
        columns={[
          { key: 'op', header: 'Op', className: 'mono', cell: ([op]) => op },
          { key: 'nodes', header: 'Nodes', align: 'right', cell: ([, n]) => count(n) },
          { key: 'share', header: 'Share', align: 'right', className: 'muted', cell: ([, n]) => share(n) },
        ]}
        footer={
          rest > 0 ? (
            <tr>
              <td className="muted">{ops.length - limit} others</td>
              <td className="right num">{count(rest)}</td>
              <td className="right num muted">{share(rest)}</td>
            </tr>
          ) : null
        }
      />
    </Card>
  );
}
