import { describe, expect, it } from 'vitest';
import { decodeUtf8Text, Utf8TextWriter } from './utf8Text';

describe('Utf8TextWriter', () => {
  it('gives back exactly the text written, whatever its characters', () => {
    const parts = ['[', '{"unit":"mm²","text":"§ 3.1"}', ',', '"a quote \\" and a tab \\t"', ',', '"Ωmega ≥ 10 mm, 😀 emoji"', ']'];
    const writer = new Utf8TextWriter(0);
    for (const part of parts) writer.write(part);
    const text = writer.finish();
    expect(decodeUtf8Text(text)).toBe(parts.join(''));
    expect(text.byteLength).toBe(Buffer.byteLength(parts.join(''), 'utf8'));
  });

  it('grows past its reservation without splitting a character', () => {
    // 4-byte characters (surrogate pairs) straddle every boundary of a tiny reservation
    const chunk = 'x😀'.repeat(40_000);
    const writer = new Utf8TextWriter(1);
    for (let i = 0; i < 3; i += 1) writer.write(chunk);
    expect(decodeUtf8Text(writer.finish())).toBe(chunk.repeat(3));
  });
});
