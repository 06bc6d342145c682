/** What inspect found: size, parameters, cost, graph and I/O signature. */
import type { ModelInfo } from '../../../../shared/model-info.js';
import { Card } from '../../components/Card.js';
import { KeyValue } from '../../components/KeyValue.js';
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
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Role</th>
            <th scope="col">Name</th>
            <th scope="col">Type</th>
            <th scope="col">Shape</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <tr key={`${t.role}:${t.name}`}>
              <td className="muted">{t.role}</td>
              <td className="mono truncate" title={t.name}>
                {t.name}
              </td>
              <td className="mono">{t.dtype}</td>
              <td className="mono" title={t.shape ? t.shape.map(String).join(' × ') : 'unknown'}>
                {shapeText(t.shape)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

export function OperatorTable({ info, limit = 10 }: { info: ModelInfo; limit?: number }) {
  const ops = Object.entries(info.opHistogram).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = ops.slice(0, limit);
  const rest = ops.slice(limit).reduce((n, [, c]) => n + c, 0);
  return (
    <Card title="Operators" id="operators" subtitle={`${ops.length} kinds`}>
      <table className="table table-compact">
        <thead>
          <tr>
            <th scope="col">Op</th>
            <th scope="col" className="right">
              Nodes
            </th>
            <th scope="col" className="right">
              Share
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map(([op, n]) => (
            <tr key={op}>
              <td className="mono">{op}</td>
              <td className="right num">{count(n)}</td>
              <td className="right num muted">{((n / Math.max(1, info.nodeCount)) * 100).toFixed(1)}%</td>
            </tr>
          ))}
          {rest > 0 && (
            <tr>
              <td className="muted">{ops.length - limit} others</td>
              <td className="right num">{count(rest)}</td>
              <td className="right num muted">{((rest / Math.max(1, info.nodeCount)) * 100).toFixed(1)}%</td>
            </tr>
          )}
        </tbody>
      </table>
    </Card>
  );
}
