/**
 * A Conv, ConvTranspose or Gemm kept in float32 with its float32 weight (excluded by --exclude-nodes or
 * --exclude-ops, by the search's "k most sensitive nodes in float" candidates, or by the layers view's one-click
 * exclusion) must not read its activation through a per-tensor DequantizeLinear. ONNX Runtime's
 * WeightBiasQuantization transformer (basic level) quantizes the float weight of any such node whose input comes from
 * a per-tensor DequantizeLinear, per tensor and in full 8 bits, and its QDQ fusion then runs the node as an integer
 * kernel: the exclusion would be silently undone, with a coarser weight than the quantizer itself would choose.
 *
 * Such a reader gets its own DequantizeLinear of the same integer data with the scale and zero point repeated along
 * the channel axis: the same values (a per-axis DequantizeLinear with equal entries computes exactly what the
 * per-tensor one does), a form that the transformer and ONNX Runtime's QDQ selectors leave alone, so the node really
 * computes in float32 with its float32 weight.
 */
import { normalizeDomain, TensorProto_DataType as DataType, type NodeProto } from '../../onnx/index.js';
import { attrInt, floatTensor, intAttr, makeTensor, QUANT_TYPE, type GraphEdit } from '../graph-edit.js';
import type { QuantParams, QuantType } from '../quant-params.js';

const WEIGHT_QUANTIZED_BY_ORT = new Set(['Conv', 'ConvTranspose', 'Gemm']);

/** The axis and length along which `node`'s first input can carry a per-axis DequantizeLinear, when it needs one. */
export function floatWeightReaderAxis(edit: GraphEdit, node: NodeProto, tensor: string): { axis: number; length: number } | null {
  if (!WEIGHT_QUANTIZED_BY_ORT.has(node.opType) || normalizeDomain(node.domain) !== '' || node.input[0] !== tensor) return null;
  const weight = edit.initializer(node.input[1] ?? '');
  if (weight === undefined || weight.dataType !== DataType.FLOAT) return null;
  const dims = weight.dims.map(Number);
  if (node.opType === 'Conv') return dims.length >= 2 ? { axis: 1, length: dims[1]! * attrInt(node, 'group', 1) } : null;
  if (node.opType === 'ConvTranspose') return dims.length >= 2 ? { axis: 1, length: dims[0]! } : null;
  if (dims.length !== 2) return null;
  const transA = attrInt(node, 'transA', 0) === 1;
  const inner = attrInt(node, 'transB', 0) === 1 ? dims[1]! : dims[0]!;
  return { axis: transA ? 0 : 1, length: inner };
}

/** Adds a per-axis DequantizeLinear of `integer` with `params` repeated `length` times; returns its output. */
export function addPerAxisDequantize(edit: GraphEdit, integer: string, params: QuantParams, type: QuantType, axis: number, length: number): string {
  const scale = edit.short('qfs');
  edit.addInitializer(floatTensor(scale, [length], new Float32Array(length).fill(params.scale)));
  const zp = edit.short('qfz');
  const values = type === 'int8' ? new Int8Array(length) : new Uint8Array(length);
  values.fill(params.zeroPoint);
  edit.addInitializer(makeTensor(zp, QUANT_TYPE[type], [length], values));
  const out = edit.short('qfd');
  edit.addNode('DequantizeLinear', [integer, scale, zp], [out], [intAttr('axis', axis)], null);
  return out;
}
