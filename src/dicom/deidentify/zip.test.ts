import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32, safeZipPath, writeZip } from './zip';

/** The archive checked by Python's zipfile (an independent reader), unpacked and compared byte for byte. */
function unpackWithPython(zip: Uint8Array): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'nadir-zip-'));
  try {
    writeFileSync(join(dir, 'case.zip'), zip);
    const script = 'import zipfile,sys,json,base64\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({i.filename: base64.b64encode(z.read(i)).decode() for i in z.infolist()}))';
    const run = spawnSync('python3', ['-c', script, join(dir, 'case.zip')], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as Record<string, string>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the ZIP writer of the de-identified case', () => {
  it('writes entries that an independent reader checks (CRC) and unpacks byte for byte, with UTF-8 names', () => {
    const entries = [
      { path: 'ANON-1/series-2/IM001.dcm', bytes: Uint8Array.from({ length: 3000 }, (_, index) => (index * 7) & 0xff) },
      { path: 'ANON-1/LISEZ-MOI é.txt', bytes: new TextEncoder().encode('déidentifié') },
      { path: 'empty.bin', bytes: new Uint8Array(0) },
    ];
    const unpacked = unpackWithPython(writeZip(entries));
    expect(Object.keys(unpacked)).toEqual(entries.map((entry) => entry.path));
    for (const entry of entries) expect(Buffer.from(unpacked[entry.path]!, 'base64').equals(Buffer.from(entry.bytes))).toBe(true);
  });

  it.each([
    ['/etc/passwd', 'etc/passwd'],
    ['../../outside.dcm', 'outside.dcm'],
    ['a/./b/../c.dcm', 'a/b/c.dcm'],
    ['C:\\Users\\x.dcm', 'C_/Users/x.dcm'],
    ['', 'unnamed'],
  ])('never writes a path that leaves the folder it is unpacked in: %s → %s', (path, safe) => {
    expect(safeZipPath(path)).toBe(safe);
  });

  it('keeps two files of the same name apart', () => {
    const unpacked = unpackWithPython(writeZip([{ path: 'a.dcm', bytes: new Uint8Array([1]) }, { path: 'a.dcm', bytes: new Uint8Array([2]) }]));
    expect(Object.keys(unpacked)).toEqual(['a.dcm', 'a.dcm.2']);
  });

  it('computes the CRC-32 of the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});
