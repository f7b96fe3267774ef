import { deflateRawSync } from 'node:zlib';

/**
 * Byte-level DICOM for hostile cases that no toolkit will write (a 4 GB length, a deflate bomb):
 * explicit VR little endian elements, a Part 10 preamble and meta group.
 */
const LONG_FORM = new Set(['OB', 'OW', 'SQ', 'UN', 'UT', 'UC', 'UR']);

function element(group: number, tag: number, vr: string, value: Buffer, declaredLength = value.length): Buffer {
  const head = Buffer.alloc(LONG_FORM.has(vr) ? 12 : 8);
  head.writeUInt16LE(group, 0);
  head.writeUInt16LE(tag, 2);
  head.write(vr, 4, 'latin1');
  if (head.length === 12) head.writeUInt32LE(declaredLength, 8);
  else head.writeUInt16LE(declaredLength, 6);
  return Buffer.concat([head, value]);
}

const uid = (text: string) => {
  const bytes = Buffer.from(text, 'latin1');
  return bytes.length % 2 === 0 ? bytes : Buffer.concat([bytes, Buffer.from([0])]);
};

function part10(sopClassUid: string, transferSyntaxUid: string, body: Buffer): Buffer {
  const meta = Buffer.concat([
    element(0x0002, 0x0001, 'OB', Buffer.from([0, 1])),
    element(0x0002, 0x0002, 'UI', uid(sopClassUid)),
    element(0x0002, 0x0003, 'UI', uid('2.25.240240240')),
    element(0x0002, 0x0010, 'UI', uid(transferSyntaxUid)),
  ]);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(meta.length);
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), element(0x0002, 0x0000, 'UL', groupLength), meta, body]);
}

/** The audit's crash: a Comprehensive 3D SR of a few hundred bytes whose Content Sequence, as UN, declares 4 GB. */
export function srWithHugeUnLength(): Buffer {
  return part10('1.2.840.10008.5.1.4.1.1.88.34', '1.2.840.10008.1.2.1', element(0x0040, 0xa730, 'UN', Buffer.alloc(8), 0xfffffff0));
}

/** A CT file in Deflated Explicit VR Little Endian whose data set inflates to `inflatedBytes` of zeros. */
export function deflateBomb(inflatedBytes: number): Buffer {
  return part10('1.2.840.10008.5.1.4.1.1.2', '1.2.840.10008.1.2.1.99', deflateRawSync(Buffer.alloc(inflatedBytes), { level: 9 }));
}
