/**
 * A pass over the protobuf wire format before decoding, driven by the message descriptors. It rejects what the
 * decoder would choke on or turn into unbounded memory: nesting deeper than a limit (graphs inside attributes
 * inside graphs…), groups, wire types that do not match the schema, lengths past the end, and files whose decoded
 * form would need more memory than a budget. It allocates nothing per field and never recurses.
 */
import { ScalarType, type DescField, type DescMessage } from '@bufbuild/protobuf';
import { badModel } from './bad-model.js';

export interface WireScanLimits {
  /** Deepest message nesting accepted (ModelProto is depth 1). */
  readonly maxDepth: number;
  /** Estimated bytes the decoded objects may take beyond the file buffer itself. */
  readonly maxDecodedBytes: number;
}

export const DEFAULT_WIRE_SCAN_LIMITS: WireScanLimits = { maxDepth: 64, maxDecodedBytes: 1536 * 1024 * 1024 };

// Rough V8 costs of what protobuf-es creates: a message object with its list arrays, a boxed array slot, a bigint,
// an unknown-field record or a Uint8Array view. Precision does not matter, the order of magnitude does.
const MESSAGE_COST = 256;
const NUMBER_COST = 8;
const BIGINT_COST = 40;
const VIEW_COST = 96;

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

interface FieldPlan {
  readonly wireType: number;
  /** Present for message fields: the nested schema. */
  readonly message?: DescMessage;
  /** Repeated scalar that may also arrive packed (as one LEN record). */
  readonly packable: boolean;
  readonly elementCost: number;
  readonly isString: boolean;
  readonly fieldName: string;
}

const plans = new WeakMap<DescMessage, Map<number, FieldPlan>>();

function scalarWireType(scalar: ScalarType): number {
  switch (scalar) {
    case ScalarType.DOUBLE:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return WIRE_FIXED64;
    case ScalarType.FLOAT:
    case ScalarType.FIXED32:
    case ScalarType.SFIXED32:
      return WIRE_FIXED32;
    case ScalarType.STRING:
    case ScalarType.BYTES:
      return WIRE_LEN;
    default:
      return WIRE_VARINT;
  }
}

function is64BitInteger(scalar: ScalarType): boolean {
  return (
    scalar === ScalarType.INT64 ||
    scalar === ScalarType.UINT64 ||
    scalar === ScalarType.SINT64 ||
    scalar === ScalarType.FIXED64 ||
    scalar === ScalarType.SFIXED64
  );
}

function planField(field: DescField): FieldPlan {
  const fieldName = `${field.parent.name}.${field.name}`;
  if (field.fieldKind === 'message' || (field.fieldKind === 'list' && field.listKind === 'message')) {
    return { wireType: WIRE_LEN, message: field.message, packable: false, elementCost: MESSAGE_COST, isString: false, fieldName };
  }
  if (field.fieldKind === 'map') {
    // ONNX has no map fields; treat an entry as opaque bytes.
    return { wireType: WIRE_LEN, packable: false, elementCost: VIEW_COST, isString: false, fieldName };
  }
  const scalar =
    field.fieldKind === 'enum' || (field.fieldKind === 'list' && field.listKind === 'enum')
      ? ScalarType.INT32
      : field.scalar;
  const wireType = scalarWireType(scalar);
  const repeated = field.fieldKind === 'list';
  return {
    wireType,
    packable: repeated && wireType !== WIRE_LEN,
    elementCost: is64BitInteger(scalar) ? BIGINT_COST : scalar === ScalarType.BYTES ? VIEW_COST : NUMBER_COST,
    isString: scalar === ScalarType.STRING,
    fieldName,
  };
}

function planFor(desc: DescMessage): Map<number, FieldPlan> {
  let plan = plans.get(desc);
  if (plan === undefined) {
    plan = new Map(desc.fields.map((f) => [f.number, planField(f)]));
    plans.set(desc, plan);
  }
  return plan;
}

interface Frame {
  readonly plan: Map<number, FieldPlan> | null;
  readonly end: number;
}

/** Checks that `bytes` is well-formed protobuf for `root` within the limits; throws BAD_MODEL otherwise. */
export function scanWireFormat(bytes: Uint8Array, root: DescMessage, limits: WireScanLimits = DEFAULT_WIRE_SCAN_LIMITS): void {
  const len = bytes.length;
  let pos = 0;
  let cost = MESSAGE_COST;
  const stack: Frame[] = [{ plan: planFor(root), end: len }];

  const truncated = (): Error =>
    badModel(`The model file is truncated or corrupt (protobuf data ends early at byte ${pos} of ${len}).`);

  // Varints are read as JS numbers: exact up to 2^53, which covers every length and tag that can be valid here.
  const readVarint = (): number => {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= len) throw truncated();
      const b = bytes[pos++]!;
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
    throw badModel(`The model file is corrupt (a protobuf varint at byte ${pos} is longer than 10 bytes).`);
  };
  const skip = (n: number, end: number): void => {
    if (n > end - pos) throw truncated();
    pos += n;
  };

  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (pos === frame.end) {
      stack.pop();
      continue;
    }
    if (pos > frame.end) throw truncated();
    const tagPos = pos;
    const tag = readVarint();
    const fieldNo = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (fieldNo < 1 || fieldNo > 536_870_911) {
      throw badModel(`The model file is not valid protobuf (bad field number ${fieldNo} at byte ${tagPos}).`);
    }
    const field = frame.plan?.get(fieldNo);
    if (field !== undefined && wireType !== field.wireType && !(field.packable && wireType === WIRE_LEN)) {
      throw badModel(
        `The model file is corrupt (field ${field.fieldName} has wire type ${wireType}, expected ${field.wireType}, at byte ${tagPos}).`,
      );
    }
    switch (wireType) {
      case WIRE_VARINT:
        readVarint();
        if (pos > frame.end) throw truncated();
        cost += field?.elementCost ?? VIEW_COST;
        break;
      case WIRE_FIXED64:
        skip(8, frame.end);
        cost += field?.elementCost ?? VIEW_COST;
        break;
      case WIRE_FIXED32:
        skip(4, frame.end);
        cost += field?.elementCost ?? VIEW_COST;
        break;
      case WIRE_LEN: {
        const size = readVarint();
        if (size > frame.end - pos) throw truncated();
        if (field?.message !== undefined) {
          if (stack.length >= limits.maxDepth) {
            throw badModel(
              `The model nests messages deeper than ${limits.maxDepth} levels (at byte ${tagPos}), which no real model needs.`,
              'The file is corrupt or crafted to exhaust the reader; re-export the model.',
            );
          }
          cost += MESSAGE_COST;
          stack.push({ plan: planFor(field.message), end: pos + size });
          break;
        }
        if (field !== undefined && field.packable) {
          cost += packedElementCount(bytes, pos, size, field.wireType) * field.elementCost;
        } else if (field?.isString === true) {
          cost += VIEW_COST + 2 * size;
        } else {
          cost += VIEW_COST;
        }
        pos += size;
        break;
      }
      case 3:
      case 4:
        throw badModel(`The model file uses protobuf groups (at byte ${tagPos}), which ONNX never does: it is not an ONNX model.`);
      default:
        throw badModel(`The model file is not valid protobuf (wire type ${wireType} at byte ${tagPos}).`);
    }
    if (cost > limits.maxDecodedBytes) {
      throw badModel(
        `Decoding the model would need more than ${Math.round(limits.maxDecodedBytes / 1048576)} MiB of memory for its structure alone.`,
        'The file is corrupt or crafted; real models keep large tensors in raw_data or external data.',
      );
    }
  }
}

function packedElementCount(bytes: Uint8Array, start: number, size: number, wireType: number): number {
  if (wireType === WIRE_FIXED32) {
    if (size % 4 !== 0) throw badModel(`The model file is corrupt (a packed 32-bit field of ${size} bytes at byte ${start}).`);
    return size / 4;
  }
  if (wireType === WIRE_FIXED64) {
    if (size % 8 !== 0) throw badModel(`The model file is corrupt (a packed 64-bit field of ${size} bytes at byte ${start}).`);
    return size / 8;
  }
  let count = 0;
  const end = start + size;
  for (let i = start; i < end; i++) if (bytes[i]! < 0x80) count++;
  if (size > 0 && bytes[end - 1]! >= 0x80) throw badModel(`The model file is corrupt (a packed varint field at byte ${start} is cut short).`);
  return count;
}
