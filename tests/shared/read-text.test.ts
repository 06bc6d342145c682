import { describe, expect, it } from 'vitest';
import { formatReadText } from '../../shared/report/format.js';

describe('decoded text as shown', () => {
  it('makes texts that differ only by spaces look different, and leaves single inner spaces alone', () => {
    // PaddleOCR's int8-static recogniser on the sample lines: 'Tanaka NAME' vs 'Tanaka NAME ', ' 84.7% Umbrella' vs '84.7% Umbrella '.
    expect(formatReadText('Tanaka NAME')).toBe('Tanaka NAME');
    expect(formatReadText('Tanaka NAME ')).toBe('Tanaka NAME␣');
    expect(formatReadText(' 84.7% Umbrella')).toBe('␣84.7% Umbrella');
    expect(formatReadText('a  b\u3000')).toBe('a␣␣b␣');
    expect(formatReadText('')).toBe('∅');
  });
});
