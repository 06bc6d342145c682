/**
 * A protobuf encoder that streams: it computes every message's size first, then writes fields straight to a sink,
 * handing large bytes fields (tensor data) to it without copying. protobuf-es's toBinary builds the whole message
 * in one growing buffer and copies nested payloads, which costs several times the model size in memory.
 * Output matches toBinary's: fields in field-number order, unknown fields after known ones.
 */
import { ScalarType, type DescField, type DescMessage } from '@bufbuild/protobuf';

// google.protobuf.FeatureSet.FieldPresence.IMPLICIT (proto3 singular fields); ONNX (proto2) never uses it.
const PRESENCE_IMPLICIT = 2;
const LARGE_BYTES = 64 * 1024;

type AnyMessage = Record<string, unknown> & { $unknown?: Array<{ no: number; wireType: number; data: Uint8Array }> };

/** Bytes supplied when the encoder reaches them (external tensor data read during the write). */
export interface LazyBytes {
  readonly length: number;
  load(): Uint8Array;
}

export interface EncodeHooks {
  /** Replaces a message by another one (of the same type) while encoding, e.g. a tensor moved to external data. */
  readonly substitute?: (message: object) => object;
  /** Supplies a bytes field's value lazily; consulted for bytes fields of messages in this map. */
  readonly lazyBytes?: ReadonlyMap<object, ReadonlyMap<number, LazyBytes>>;
}

/** Receives encoded bytes in order. */
export interface ByteTarget {
  write(chunk: Uint8Array): void;
}

interface CompiledField {
  readonly field: DescField;
  readonly localName: string;
  readonly oneofName: string | undefined;
  readonly implicit: boolean;
}

const compiled = new WeakMap<DescMessage, CompiledField[]>();

function fieldsOf(desc: DescMessage): CompiledField[] {
  let fields = compiled.get(desc);
  if (fields === undefined) {
    fields = desc.fields
      .concat()
      .sort((a, b) => a.number - b.number)
      .map((field) => ({
        field,
        localName: field.localName,
        oneofName: field.oneof?.localName,
        implicit: field.presence === PRESENCE_IMPLICIT,
      }));
    compiled.set(desc, fields);
  }
  return fields;
}

function varintSize32(n: number): number {
  if (n < 0) return 10;
  if (n < 0x80) return 1;
  if (n < 0x4000) return 2;
  if (n < 0x200000) return 3;
  if (n < 0x10000000) return 4;
  return 5;
}

function varintSize64(v: bigint): number {
  let u = BigInt.asUintN(64, v);
  let n = 1;
  while (u >= 0x80n) {
    u >>= 7n;
    n++;
  }
  return n;
}

const toBig = (v: unknown): bigint => (typeof v === 'bigint' ? v : BigInt(v as number | string));

function scalarSize(type: ScalarType, value: unknown): number {
  switch (type) {
    case ScalarType.DOUBLE:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return 8;
    case ScalarType.FLOAT:
    case ScalarType.FIXED32:
    case ScalarType.SFIXED32:
      return 4;
    case ScalarType.BOOL:
      return 1;
    case ScalarType.INT32:
      return varintSize32(value as number);
    case ScalarType.UINT32:
      return varintSize32((value as number) >>> 0);
    case ScalarType.SINT32: {
      const v = value as number;
      return varintSize32(((v << 1) ^ (v >> 31)) >>> 0);
    }
    case ScalarType.INT64:
    case ScalarType.UINT64:
      return varintSize64(toBig(value));
    case ScalarType.SINT64: {
      const v = BigInt.asIntN(64, toBig(value));
      return varintSize64((v << 1n) ^ (v >> 63n));
    }
    case ScalarType.STRING: {
      const len = Buffer.byteLength(value as string, 'utf8');
      return varintSize32(len) + len;
    }
    case ScalarType.BYTES: {
      const len = (value as Uint8Array).length;
      return varintSize32(len) + len;
    }
  }
}

function wireTypeOf(type: ScalarType): number {
  switch (type) {
    case ScalarType.DOUBLE:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return 1;
    case ScalarType.FLOAT:
    case ScalarType.FIXED32:
    case ScalarType.SFIXED32:
      return 5;
    case ScalarType.STRING:
    case ScalarType.BYTES:
      return 2;
    default:
      return 0;
  }
}

const tagSize = (fieldNo: number): number => varintSize32((fieldNo << 3) >>> 0);

/** Buffers small writes and passes large byte arrays straight through to the target. */
class Sink {
  private readonly buf: Buffer;
  private readonly view: DataView;
  private pos = 0;
  written = 0;

  constructor(
    private readonly target: ByteTarget,
    capacity = 1 << 20,
  ) {
    this.buf = Buffer.allocUnsafe(capacity);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  private ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.flush();
  }

  flush(): void {
    if (this.pos > 0) {
      this.target.write(this.buf.subarray(0, this.pos));
      this.written += this.pos;
      this.pos = 0;
    }
  }

  varint32(n: number): void {
    this.ensure(10);
    if (n < 0) {
      this.varint64(BigInt(n));
      return;
    }
    while (n > 0x7f) {
      this.buf[this.pos++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 128);
    }
    this.buf[this.pos++] = n;
  }

  varint64(v: bigint): void {
    this.ensure(10);
    let u = BigInt.asUintN(64, v);
    if (u < 0x80000000n) {
      this.varint32(Number(u));
      return;
    }
    while (u > 0x7fn) {
      this.buf[this.pos++] = Number(u & 0x7fn) | 0x80;
      u >>= 7n;
    }
    this.buf[this.pos++] = Number(u);
  }

  tag(fieldNo: number, wireType: number): void {
    this.varint32(((fieldNo << 3) | wireType) >>> 0);
  }

  float(v: number): void {
    this.ensure(4);
    this.view.setFloat32(this.pos, v, true);
    this.pos += 4;
  }

  double(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  fixed32(v: number, signed: boolean): void {
    this.ensure(4);
    if (signed) this.view.setInt32(this.pos, v, true);
    else this.view.setUint32(this.pos, v >>> 0, true);
    this.pos += 4;
  }

  fixed64(v: bigint, signed: boolean): void {
    this.ensure(8);
    if (signed) this.view.setBigInt64(this.pos, BigInt.asIntN(64, v), true);
    else this.view.setBigUint64(this.pos, BigInt.asUintN(64, v), true);
    this.pos += 8;
  }

  raw(bytes: Uint8Array): void {
    if (bytes.length >= LARGE_BYTES || bytes.length > this.buf.length - this.pos) {
      this.flush();
      if (bytes.length >= LARGE_BYTES || bytes.length > this.buf.length) {
        this.target.write(bytes);
        this.written += bytes.length;
        return;
      }
    }
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  string(s: string, byteLength: number): void {
    this.varint32(byteLength);
    if (byteLength > this.buf.length - this.pos) {
      this.raw(Buffer.from(s, 'utf8'));
      return;
    }
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }
}

function writeScalar(sink: Sink, type: ScalarType, value: unknown): void {
  switch (type) {
    case ScalarType.DOUBLE:
      return sink.double(value as number);
    case ScalarType.FLOAT:
      return sink.float(value as number);
    case ScalarType.FIXED32:
      return sink.fixed32(value as number, false);
    case ScalarType.SFIXED32:
      return sink.fixed32(value as number, true);
    case ScalarType.FIXED64:
      return sink.fixed64(toBig(value), false);
    case ScalarType.SFIXED64:
      return sink.fixed64(toBig(value), true);
    case ScalarType.BOOL:
      return sink.varint32(value ? 1 : 0);
    case ScalarType.INT32:
      return sink.varint32(value as number);
    case ScalarType.UINT32:
      return sink.varint32((value as number) >>> 0);
    case ScalarType.SINT32: {
      const v = value as number;
      return sink.varint32(((v << 1) ^ (v >> 31)) >>> 0);
    }
    case ScalarType.INT64:
    case ScalarType.UINT64:
      return sink.varint64(toBig(value));
    case ScalarType.SINT64: {
      const v = BigInt.asIntN(64, toBig(value));
      return sink.varint64((v << 1n) ^ (v >> 63n));
    }
    case ScalarType.STRING:
      return sink.string(value as string, Buffer.byteLength(value as string, 'utf8'));
    case ScalarType.BYTES: {
      const bytes = value as Uint8Array;
      sink.varint32(bytes.length);
      return sink.raw(bytes);
    }
  }
}

function isZero(type: ScalarType, value: unknown): boolean {
  switch (type) {
    case ScalarType.BOOL:
      return value === false;
    case ScalarType.STRING:
      return value === '';
    case ScalarType.BYTES:
      return (value as Uint8Array).length === 0;
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return Object.is(value, 0);
    default:
      // Loose equality matches 0, 0n and "0", as protobuf-es does.
      return value == 0;
  }
}

/** One serialisation: sizes are computed once per message and reused while writing. */
export class ProtoEncoder {
  private readonly sizes = new Map<object, number>();

  constructor(private readonly hooks: EncodeHooks = {}) {}

  private resolve(message: object): AnyMessage {
    return (this.hooks.substitute?.(message) ?? message) as AnyMessage;
  }

  /** The value of a singular field if it is set, or undefined. */
  private singular(msg: AnyMessage, f: CompiledField): unknown {
    if (f.oneofName !== undefined) {
      const oneof = msg[f.oneofName] as { case?: string; value?: unknown } | undefined;
      return oneof?.case === f.localName ? oneof.value : undefined;
    }
    const value = msg[f.localName];
    if (value === undefined) return undefined;
    const field = f.field;
    if (f.implicit && (field.fieldKind === 'scalar' || field.fieldKind === 'enum')) {
      const type = field.fieldKind === 'enum' ? ScalarType.INT32 : field.scalar;
      return isZero(type, value) ? undefined : value;
    }
    return Object.prototype.hasOwnProperty.call(msg, f.localName) ? value : undefined;
  }

  private lazy(msg: object, fieldNo: number): LazyBytes | undefined {
    return this.hooks.lazyBytes?.get(msg)?.get(fieldNo);
  }

  /** Encoded size of a message (without its own tag and length prefix). */
  sizeOf(desc: DescMessage, message: object): number {
    const msg = this.resolve(message);
    const cached = this.sizes.get(msg);
    if (cached !== undefined) return cached;
    let size = 0;
    for (const f of fieldsOf(desc)) {
      const field = f.field;
      const no = field.number;
      switch (field.fieldKind) {
        case 'scalar':
        case 'enum': {
          const type = field.fieldKind === 'enum' ? ScalarType.INT32 : field.scalar;
          const lazy = type === ScalarType.BYTES ? this.lazy(msg, no) : undefined;
          if (lazy !== undefined) {
            size += tagSize(no) + varintSize32(lazy.length) + lazy.length;
            break;
          }
          const value = this.singular(msg, f);
          if (value !== undefined) size += tagSize(no) + scalarSize(type, value);
          break;
        }
        case 'message': {
          const value = this.singular(msg, f) as object | undefined;
          if (value !== undefined) {
            const inner = this.sizeOf(field.message, value);
            size += tagSize(no) + varintSize32(inner) + inner;
          }
          break;
        }
        case 'list': {
          const items = msg[f.localName] as unknown[];
          if (items.length === 0) break;
          if (field.listKind === 'message') {
            for (const item of items) {
              const inner = this.sizeOf(field.message, item as object);
              size += tagSize(no) + varintSize32(inner) + inner;
            }
            break;
          }
          const type = field.listKind === 'enum' ? ScalarType.INT32 : field.scalar;
          const payload = packedPayloadSize(type, items);
          size += field.packed ? tagSize(no) + varintSize32(payload) + payload : items.length * tagSize(no) + payload;
          break;
        }
        case 'map':
          throw new Error(`map field ${field.name} is not supported by the streaming encoder`);
      }
    }
    for (const u of msg.$unknown ?? []) size += tagSize(u.no) + u.data.length;
    this.sizes.set(msg, size);
    return size;
  }

  /** Writes a message's fields (no tag or length prefix of its own) to the target. Returns bytes written. */
  encode(desc: DescMessage, message: object, target: ByteTarget, bufferBytes?: number): number {
    const sink = new Sink(target, bufferBytes);
    this.sizeOf(desc, message);
    this.write(desc, message, sink);
    sink.flush();
    return sink.written;
  }

  private write(desc: DescMessage, message: object, sink: Sink): void {
    const msg = this.resolve(message);
    for (const f of fieldsOf(desc)) {
      const field = f.field;
      const no = field.number;
      switch (field.fieldKind) {
        case 'scalar':
        case 'enum': {
          const type = field.fieldKind === 'enum' ? ScalarType.INT32 : field.scalar;
          const lazy = type === ScalarType.BYTES ? this.lazy(msg, no) : undefined;
          if (lazy !== undefined) {
            const bytes = lazy.load();
            if (bytes.length !== lazy.length) throw new Error(`lazy bytes for field ${field.name} changed length`);
            sink.tag(no, 2);
            sink.varint32(bytes.length);
            sink.raw(bytes);
            break;
          }
          const value = this.singular(msg, f);
          if (value === undefined) break;
          sink.tag(no, wireTypeOf(type));
          writeScalar(sink, type, value);
          break;
        }
        case 'message': {
          const value = this.singular(msg, f) as object | undefined;
          if (value === undefined) break;
          sink.tag(no, 2);
          sink.varint32(this.sizeOf(field.message, value));
          this.write(field.message, value, sink);
          break;
        }
        case 'list': {
          const items = msg[f.localName] as unknown[];
          if (items.length === 0) break;
          if (field.listKind === 'message') {
            for (const item of items) {
              sink.tag(no, 2);
              sink.varint32(this.sizeOf(field.message, item as object));
              this.write(field.message, item as object, sink);
            }
            break;
          }
          const type = field.listKind === 'enum' ? ScalarType.INT32 : field.scalar;
          if (field.packed) {
            sink.tag(no, 2);
            sink.varint32(packedPayloadSize(type, items));
            for (const item of items) writeScalar(sink, type, item);
          } else {
            const wt = wireTypeOf(type);
            for (const item of items) {
              sink.tag(no, wt);
              writeScalar(sink, type, item);
            }
          }
          break;
        }
        case 'map':
          throw new Error(`map field ${field.name} is not supported by the streaming encoder`);
      }
    }
    for (const u of msg.$unknown ?? []) {
      sink.tag(u.no, u.wireType);
      sink.raw(u.data);
    }
  }
}

function packedPayloadSize(type: ScalarType, items: readonly unknown[]): number {
  switch (type) {
    case ScalarType.FLOAT:
    case ScalarType.FIXED32:
    case ScalarType.SFIXED32:
      return 4 * items.length;
    case ScalarType.DOUBLE:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return 8 * items.length;
    case ScalarType.BOOL:
      return items.length;
    default: {
      let size = 0;
      for (const item of items) size += scalarSize(type, item);
      return size;
    }
  }
}

/** Encodes a message into one new Uint8Array of exactly its size. */
export function encodeToBytes(desc: DescMessage, message: object, hooks: EncodeHooks = {}): Uint8Array {
  const encoder = new ProtoEncoder(hooks);
  const out = new Uint8Array(encoder.sizeOf(desc, message));
  let pos = 0;
  encoder.encode(desc, message, {
    write(chunk) {
      out.set(chunk, pos);
      pos += chunk.length;
    },
  });
  return out;
}
