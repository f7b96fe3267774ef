import { dicomParser, type DataSet } from '../../src/dicom/dicomParserInterop';

/**
 * Seeded mutations of DICOM files for the fuzz campaign. Byte-level mutations find parser slips;
 * element-aware ones (lengths, VRs, values of the attributes Nadir trusts, deep nesting, a deflate
 * bomb) reach the checks behind the parser, which random bytes almost never do.
 */

export type Random = () => number;

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const int = (random: Random, below: number) => Math.floor(random() * below);

/** Where an element's header and value lie in its file. */
export interface ElementSite {
  tag: string;
  dataOffset: number;
  length: number;
  /** offset and size of the length field */
  lengthOffset: number;
  lengthBytes: 2 | 4;
  /** offset of the two VR characters, null for implicit VR */
  vrOffset: number | null;
}

const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

function sitesOf(dataSet: DataSet, explicit: boolean, into: ElementSite[]): void {
  for (const [tag, element] of Object.entries(dataSet.elements)) {
    const meta = tag.startsWith('x0002');
    const isExplicit = meta || explicit;
    const vr = element.vr;
    if (isExplicit && vr && !LONG_VRS.has(vr)) {
      into.push({ tag, dataOffset: element.dataOffset, length: element.length, lengthOffset: element.dataOffset - 2, lengthBytes: 2, vrOffset: element.dataOffset - 4 });
    } else {
      into.push({ tag, dataOffset: element.dataOffset, length: element.length, lengthOffset: element.dataOffset - 4, lengthBytes: 4, vrOffset: isExplicit ? element.dataOffset - 8 : null });
    }
    for (const item of element.items ?? []) if (item.dataSet) sitesOf(item.dataSet, explicit, into);
  }
}

/** The element table of a clean corpus file (empty when dicom-parser cannot read it). */
export function elementSites(bytes: Uint8Array): ElementSite[] {
  try {
    const dataSet = dicomParser.parseDicom(bytes);
    const syntax = dataSet.string('x00020010') ?? '';
    const sites: ElementSite[] = [];
    sitesOf(dataSet, syntax !== '1.2.840.10008.1.2', sites);
    return sites.filter((site) => site.dataOffset + site.length <= bytes.length && site.lengthOffset > 0);
  } catch {
    return [];
  }
}

const ascii = (text: string) => new TextEncoder().encode(text);

function splice(bytes: Uint8Array, at: number, remove: number, insert: Uint8Array): Uint8Array {
  // a stacked mutation may aim past the end of a file an earlier one shortened: insert at the end then
  const start = Math.min(Math.max(at, 0), bytes.length);
  const removeCount = Math.min(Math.max(remove, 0), bytes.length - start);
  const out = new Uint8Array(bytes.length - removeCount + insert.length);
  out.set(bytes.subarray(0, start), 0);
  out.set(insert, start);
  out.set(bytes.subarray(start + removeCount), start + insert.length);
  return out;
}

function writeLength(bytes: Uint8Array, site: ElementSite, value: number): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (site.lengthBytes === 2) view.setUint16(site.lengthOffset, value & 0xffff, true);
  else view.setUint32(site.lengthOffset, value >>> 0, true);
}

/** Replaces an element's value (and its length field) with new bytes; an even length as DICOM wants. */
function replaceValue(bytes: Uint8Array, site: ElementSite, value: Uint8Array): Uint8Array {
  const padded = value.length % 2 === 0 ? value : splice(value, value.length, 0, ascii(' '));
  if (site.lengthBytes === 2 && padded.length > 0xffff) return bytes;
  const out = splice(bytes, site.dataOffset, site.length, padded);
  writeLength(out, site, padded.length);
  return out;
}

/** Values of the attributes Nadir reads as numbers: plausible files must refuse the implausible ones. */
const HOSTILE_VALUES: Record<string, readonly string[]> = {
  x00280030: ['1e308\\1e308', '0\\0', '-1\\-1', 'NaN\\NaN', '0.0001\\0.0001', '1e-320\\1'],
  x00281053: ['0', '1e308', '-1e30', 'NaN'],
  x00281052: ['1e12', '-1e12', 'Infinity'],
  x00280008: ['1000', '2147483647', '-5', '0'],
  x00200032: ['1e308\\1e308\\1e308', 'NaN\\0\\0'],
  x00200037: ['0\\0\\0\\0\\0\\0', '1e308\\0\\0\\0\\1\\0'],
  x00180050: ['1e308', '-3', 'NaN'],
};

export function deepNesting(depth: number, explicit: boolean): Uint8Array {
  const open = explicit ? [0x40, 0x00, 0x30, 0xa7, 0x53, 0x51, 0, 0, 0xff, 0xff, 0xff, 0xff] : [0x40, 0x00, 0x30, 0xa7, 0xff, 0xff, 0xff, 0xff];
  const item = [0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff];
  const itemEnd = [0xfe, 0xff, 0x0d, 0xe0, 0, 0, 0, 0];
  const seqEnd = [0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0];
  const unit = open.length + item.length;
  const out = new Uint8Array(depth * (unit + itemEnd.length + seqEnd.length));
  for (let level = 0; level < depth; level++) {
    out.set(open, level * unit);
    out.set(item, level * unit + open.length);
  }
  const closing = depth * unit;
  for (let level = 0; level < depth; level++) {
    out.set(itemEnd, closing + level * 16);
    out.set(seqEnd, closing + level * 16 + 8);
  }
  return out;
}

export interface MutationContext {
  random: Random;
  sites: readonly ElementSite[];
  explicit: boolean;
  /** a raw-deflated stream of zeros, inflating to hundreds of MB (built once per campaign) */
  deflateBomb: Uint8Array;
}

type Mutation = (bytes: Uint8Array, context: MutationContext) => { bytes: Uint8Array; name: string };

const MUTATIONS: readonly Mutation[] = [
  (bytes, { random }) => {
    const out = bytes.slice();
    const flips = 1 + int(random, 8);
    for (let index = 0; index < flips; index++) out[int(random, out.length)]! ^= 1 << int(random, 8);
    return { bytes: out, name: 'bit-flips' };
  },
  (bytes, { random }) => {
    const out = bytes.slice();
    const at = int(random, out.length);
    out.fill(pick(random, [0x00, 0xff, 0x7f, 0x80]), at, at + 1 + int(random, 8));
    return { bytes: out, name: 'byte-run' };
  },
  (bytes, { random }) => ({ bytes: bytes.slice(0, 132 + int(random, Math.max(1, bytes.length - 132))), name: 'truncate' }),
  (bytes, { random }) => {
    const start = int(random, bytes.length);
    const chunk = bytes.subarray(start, start + 1 + int(random, 512));
    return { bytes: splice(bytes, int(random, bytes.length), 0, chunk), name: 'duplicate-chunk' };
  },
  (bytes, { random, sites }) => {
    if (sites.length === 0) return { bytes: bytes.slice(), name: 'huge-length(none)' };
    const site = pick(random, sites);
    const out = bytes.slice();
    writeLength(out, site, pick(random, [0xfffffff0, 0xfffffffe, 0xffffffff, 0x7fffffff, site.length + 2 + int(random, 4096), 0xfffe]));
    return { bytes: out, name: `huge-length ${site.tag}` };
  },
  (bytes, { random, sites }) => {
    const withVr = sites.filter((site) => site.vrOffset !== null);
    if (withVr.length === 0) return { bytes: bytes.slice(), name: 'vr-un(none)' };
    const site = pick(random, withVr);
    const out = bytes.slice();
    out.set(ascii(pick(random, ['UN', 'SQ', 'OB', 'XX'])), site.vrOffset!);
    return { bytes: out, name: `vr-change ${site.tag}` };
  },
  (bytes, { random, sites }) => {
    const targets = sites.filter((site) => site.tag in HOSTILE_VALUES);
    if (targets.length === 0) return { bytes: bytes.slice(), name: 'hostile-value(none)' };
    const site = pick(random, targets);
    return { bytes: replaceValue(bytes, site, ascii(pick(random, HOSTILE_VALUES[site.tag]!))), name: `hostile-value ${site.tag}` };
  },
  (bytes, { random, sites }) => {
    const us = sites.filter((site) => (site.tag === 'x00280010' || site.tag === 'x00280011') && site.length === 2);
    if (us.length === 0) return { bytes: bytes.slice(), name: 'matrix(none)' };
    const out = bytes.slice();
    new DataView(out.buffer).setUint16(pick(random, us).dataOffset, pick(random, [65535, 0, 1, 4096]), true);
    return { bytes: out, name: 'matrix' };
  },
  (bytes, { random, sites }) => {
    const strings = sites.filter((site) => /^x00(08|10|20)/.test(site.tag) && site.lengthBytes === 2);
    if (strings.length === 0) return { bytes: bytes.slice(), name: 'long-string(none)' };
    const site = pick(random, strings);
    return { bytes: replaceValue(bytes, site, ascii('W'.repeat(60000 + int(random, 5000)))), name: `long-string ${site.tag}` };
  },
  (bytes, { random, sites, explicit }) => {
    const top = sites.filter((site) => !site.tag.startsWith('x0002'));
    const at = top.length > 0 ? pick(random, top).lengthOffset - (explicit ? 6 : 4) : bytes.length;
    const depth = pick(random, [200, 2000, 20000]);
    return { bytes: splice(bytes, Math.max(132, at), 0, deepNesting(depth, explicit)), name: `deep-nesting ${depth}` };
  },
  (bytes, { sites, deflateBomb }) => {
    const syntax = sites.find((site) => site.tag === 'x00020010');
    const metaEnd = Math.max(...sites.filter((site) => site.tag.startsWith('x0002')).map((site) => site.dataOffset + site.length), 132);
    if (!syntax) return { bytes: bytes.slice(), name: 'deflate-bomb(none)' };
    const withSyntax = replaceValue(bytes.slice(0, metaEnd), syntax, ascii('1.2.840.10008.1.2.1.99'));
    const groupLength = sites.find((site) => site.tag === 'x00020000' && site.length === 4);
    // The meta group length must grow with the longer UID, or the bomb is never reached.
    if (groupLength) new DataView(withSyntax.buffer).setUint32(groupLength.dataOffset, withSyntax.length - (groupLength.dataOffset + 4), true);
    return { bytes: splice(withSyntax, withSyntax.length, 0, deflateBomb), name: 'deflate-bomb' };
  },
];

/** One seeded mutant of a clean file; 1 to 3 mutations stacked. */
export function mutate(bytes: Uint8Array, context: MutationContext): { bytes: Uint8Array; name: string } {
  let current = bytes;
  const names: string[] = [];
  const count = 1 + (context.random() < 0.25 ? int(context.random, 3) : 0);
  for (let index = 0; index < count; index++) {
    const mutation = pick(context.random, MUTATIONS)(current, index === 0 ? context : { ...context, sites: elementSites(current) });
    current = mutation.bytes;
    names.push(mutation.name);
  }
  return { bytes: current, name: names.join(' + ') };
}
