/**
 * Recognises common files that are not ONNX models by their first bytes, so the user hears "this is a JPEG image"
 * rather than a protobuf error.
 */

interface Signature {
  readonly kind: string;
  readonly matches: (head: Uint8Array) => boolean;
}

const startsWith = (head: Uint8Array, bytes: readonly number[], at = 0): boolean =>
  head.length >= at + bytes.length && bytes.every((b, i) => head[at + i] === b);
const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

const SIGNATURES: readonly Signature[] = [
  { kind: 'a JPEG image', matches: (h) => startsWith(h, [0xff, 0xd8, 0xff]) },
  { kind: 'a PNG image', matches: (h) => startsWith(h, [0x89, 0x50, 0x4e, 0x47]) },
  { kind: 'a GIF image', matches: (h) => startsWith(h, ascii('GIF8')) },
  { kind: 'a WebP image', matches: (h) => startsWith(h, ascii('RIFF')) && startsWith(h, ascii('WEBP'), 8) },
  { kind: 'a TIFF image', matches: (h) => startsWith(h, [0x49, 0x49, 0x2a, 0x00]) || startsWith(h, [0x4d, 0x4d, 0x00, 0x2a]) },
  { kind: 'a PDF document', matches: (h) => startsWith(h, ascii('%PDF')) },
  { kind: 'a ZIP archive (a PyTorch .pt/.pth checkpoint or a Keras file is one)', matches: (h) => startsWith(h, [0x50, 0x4b, 0x03, 0x04]) },
  { kind: 'a gzip archive', matches: (h) => startsWith(h, [0x1f, 0x8b]) },
  { kind: 'an HDF5 file (Keras .h5)', matches: (h) => startsWith(h, [0x89, 0x48, 0x44, 0x46]) },
  { kind: 'a Python pickle', matches: (h) => h.length >= 2 && h[0] === 0x80 && h[1]! >= 2 && h[1]! <= 5 },
  { kind: 'a TensorFlow Lite model', matches: (h) => startsWith(h, ascii('TFL3'), 4) },
  { kind: 'an ELF executable', matches: (h) => startsWith(h, [0x7f, 0x45, 0x4c, 0x46]) },
  { kind: 'a safetensors file', matches: (h) => h.length >= 10 && h[6] === 0 && h[7] === 0 && h[8] === 0x7b && h[9] === 0x22 },
];

/** Names the kind of a non-ONNX file from its first bytes ("a JPEG image", "a JSON or text file"), or null. */
export function sniffNonOnnx(head: Uint8Array): string | null {
  for (const sig of SIGNATURES) if (sig.matches(head)) return sig.kind;
  let i = 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  // 0xEF 0xBB 0xBF is a UTF-8 byte-order mark; '{' and '[' open JSON. Neither can start a valid ModelProto.
  if (startsWith(head, [0xef, 0xbb, 0xbf], i)) return 'a text file';
  if (head[i] === 0x7b || head[i] === 0x5b) return 'a JSON file';
  return null;
}
