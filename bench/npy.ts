/** Tensors as a float32 .npy file (format 1.0), for the Python reference scripts of the benches. */
import { writeFileSync } from 'node:fs';

/** Writes the stacked [N, ...dims[1:]] float32 tensors to `file`. */
export function writeNpy(file: string, tensors: Float32Array[], dims: readonly number[]): void {
  const shape = [tensors.length, ...dims.slice(1)];
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix[6] = 1;
  prefix[7] = 0;
  prefix.writeUInt16LE(header.length, 8);
  const body = Buffer.concat(tensors.map((t) => Buffer.from(t.buffer, t.byteOffset, t.byteLength)));
  writeFileSync(file, Buffer.concat([prefix, Buffer.from(header, 'latin1'), body]));
}
