import pako from 'pako';
import type { FileProblem } from './fileProblems';

/**
 * Deflated data sets inflate here, in bounded steps: a megabyte of zeros inflates to gigabytes, and
 * an unbounded inflate takes the tab with it. The limit follows what the data set declares: once
 * the first megabyte is out, a declared image (rows × columns × samples × bits × frames) raises the
 * limit to its size plus room for the header; anything else keeps the default.
 */

const CHUNK_BYTES = 64 * 1024;
/**
 * Room for everything but pixel data: an SR or a header inflates to far less. Small on purpose:
 * pako inflates zeros at only tens of MB/s on a busy machine, and a bomb must be named in well under a second.
 */
export const DEFAULT_INFLATE_LIMIT_BYTES = 4 * 1024 * 1024;
/** No declared image makes Nadir hold more than this in one file. */
export const MAX_INFLATE_LIMIT_BYTES = 1024 * 1024 * 1024;
const DECLARATION_PREFIX_BYTES = 1024 * 1024;

/** The image size declared in an explicit VR little endian prefix, from the US/IS values it carries. */
export function declaredPixelBytes(prefix: Uint8Array): number | null {
  const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  const valueOf = (group: number, element: number, vr: 'US' | 'IS'): number | null => {
    for (let at = 0; at + 10 <= prefix.length; at += 2) {
      if (view.getUint16(at, true) !== group || view.getUint16(at + 2, true) !== element) continue;
      if (String.fromCharCode(prefix[at + 4]!, prefix[at + 5]!) !== vr) continue;
      const length = view.getUint16(at + 6, true);
      if (vr === 'US') return length === 2 ? view.getUint16(at + 8, true) : null;
      const text = new TextDecoder('latin1').decode(prefix.subarray(at + 8, Math.min(prefix.length, at + 8 + length)));
      return Number.parseInt(text.trim(), 10);
    }
    return null;
  };
  const rows = valueOf(0x0028, 0x0010, 'US');
  const columns = valueOf(0x0028, 0x0011, 'US');
  if (rows === null || columns === null) return null;
  const samples = valueOf(0x0028, 0x0002, 'US') ?? 1;
  const bits = valueOf(0x0028, 0x0100, 'US') ?? 16;
  const frames = valueOf(0x0028, 0x0008, 'IS') ?? 1;
  const total = rows * columns * samples * Math.ceil(bits / 8) * (Number.isFinite(frames) && frames > 0 ? frames : 1);
  return Number.isFinite(total) ? total : null;
}

class LimitReached extends Error {}

/** Inflates the raw-deflated bytes after `position`, keeping the bytes before; or the problem. */
export function inflateWithinLimit(bytes: Uint8Array, position: number): Uint8Array | FileProblem {
  const inflate = new pako.Inflate({ raw: true, chunkSize: 256 * 1024 });
  const chunks: Uint8Array[] = [bytes.subarray(0, position)];
  let total = 0;
  let limit = DEFAULT_INFLATE_LIMIT_BYTES;
  let limitDerived = false;
  inflate.onData = (chunk) => {
    const data = chunk as Uint8Array;
    total += data.length;
    chunks.push(data);
    if (!limitDerived && total >= DECLARATION_PREFIX_BYTES) {
      // the first megabyte holds the header of any real file: its declared image sets the limit
      limitDerived = true;
      const declared = declaredPixelBytes(concat(chunks.slice(1), total));
      if (declared !== null) limit = Math.min(MAX_INFLATE_LIMIT_BYTES, Math.max(DEFAULT_INFLATE_LIMIT_BYTES, declared + DECLARATION_PREFIX_BYTES));
    }
    if (total > limit) throw new LimitReached();
  };
  let ended = false;
  inflate.onEnd = () => {
    ended = true;
  };
  try {
    for (let at = position; at < bytes.length && !ended; at += CHUNK_BYTES) {
      inflate.push(bytes.subarray(at, Math.min(bytes.length, at + CHUNK_BYTES)), false);
      if (inflate.err) return { code: 'malformed', detail: 'the deflated data cannot be inflated' };
    }
  } catch (error) {
    if (error instanceof LimitReached) return { code: 'inflates-too-large', limitBytes: limit };
    return { code: 'malformed', detail: 'the deflated data cannot be inflated' };
  }
  return concat(chunks, position + total);
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const whole = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    whole.set(chunk, at);
    at += chunk.length;
  }
  return whole;
}
