/**
 * Recognises image files by their first bytes, so a folder scan can skip non-images without decoding them.
 * Only formats the decoder accepts count as images; a few common others are named so the skip reason helps.
 */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'tiff' | 'gif' | 'avif' | 'bmp';

/** How many leading bytes `sniffImageFormat` needs to decide. */
export const SNIFF_BYTES = 32;

export type SniffResult = { kind: 'image'; format: ImageFormat } | { kind: 'other'; reason: string };

function ascii(bytes: Uint8Array, start: number, length: number): string {
  let s = '';
  for (let i = start; i < start + length && i < bytes.length; i++) s += String.fromCharCode(bytes[i] as number);
  return s;
}

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

/** ISO-BMFF brands (ftyp box) that mean AVIF; HEIC (HEVC) is not decodable by sharp's prebuilt libvips. */
function sniffFtyp(bytes: Uint8Array): SniffResult | null {
  if (ascii(bytes, 4, 4) !== 'ftyp') return null;
  const boxSize = ((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0);
  const end = Math.min(bytes.length, boxSize > 0 ? boxSize : bytes.length);
  const brands: string[] = [ascii(bytes, 8, 4)];
  for (let at = 16; at + 4 <= end; at += 4) brands.push(ascii(bytes, at, 4));
  if (brands.some((b) => b === 'avif' || b === 'avis')) return { kind: 'image', format: 'avif' };
  if (brands.some((b) => b.startsWith('hei') || b.startsWith('hev') || b === 'mif1')) {
    return { kind: 'other', reason: 'HEIC images are not supported (convert to JPEG, PNG or AVIF)' };
  }
  return { kind: 'other', reason: 'not an image (video or other ISO media file)' };
}

/** Whether the bytes start like a Windows bitmap: "BM" and a header size a BMP can have. */
export function isBmp(bytes: Uint8Array): boolean {
  if (bytes.length < 26 || bytes[0] !== 0x42 || bytes[1] !== 0x4d) return false;
  const headerSize = (bytes[14] ?? 0) | ((bytes[15] ?? 0) << 8) | ((bytes[16] ?? 0) << 16) | ((bytes[17] ?? 0) << 24);
  return [12, 40, 52, 56, 64, 108, 124].includes(headerSize);
}

/** Classifies a file from its first SNIFF_BYTES bytes. */
export function sniffImageFormat(bytes: Uint8Array): SniffResult {
  if (bytes.length === 0) return { kind: 'other', reason: 'empty file (0 bytes)' };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { kind: 'image', format: 'jpeg' };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'image', format: 'png' };
  const head6 = ascii(bytes, 0, 6);
  if (head6 === 'GIF87a' || head6 === 'GIF89a') return { kind: 'image', format: 'gif' };
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return { kind: 'image', format: 'webp' };
  // Classic TIFF (42) and BigTIFF (43), both byte orders.
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) {
    return { kind: 'image', format: 'tiff' };
  }
  if (startsWith(bytes, [0x49, 0x49, 0x2b, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2b])) {
    return { kind: 'image', format: 'tiff' };
  }
  const ftyp = sniffFtyp(bytes);
  if (ftyp) return ftyp;
  if (isBmp(bytes)) return { kind: 'image', format: 'bmp' };
  if (ascii(bytes, 0, 2) === 'BM') return { kind: 'other', reason: 'not an image (a "BM" file without a BMP header)' };
  if (startsWith(bytes, [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20]) || startsWith(bytes, [0xff, 0x4f, 0xff, 0x51])) {
    return { kind: 'other', reason: 'JPEG 2000 images are not supported (convert to PNG)' };
  }
  if (head6.startsWith('%PDF')) return { kind: 'other', reason: 'not an image (PDF document)' };
  return { kind: 'other', reason: 'not an image (unrecognised file signature)' };
}
