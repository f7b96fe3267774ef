import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dciodvfy, dsrdump } from '../../../tests/dicomValidators';
import { FIXTURE_SESSION, STUDY } from '../../../tests/fixtures/reportRead';
import { engineOutput, writeOptions } from '../../../tests/fixtures/srSession';
import type { ReadSession } from '../../../workers/read/model';
import { DEFAULT_PROTOCOL, type ReadProtocol } from '../../../workers/read/protocol';
import { toExchangeInput } from '../../../workers/read/toExchangeInput';
import { readMeasurementReports, sessionFromReports } from './readMeasurementReports';
import { checkReports } from './srChecks';
import { writeMeasurementReport } from './writeMeasurementReport';

/** The read's protocol settings in its SR (items/protocol.ts): written, validated, read back. */
const dir = mkdtempSync(join(tmpdir(), 'nadir-sr-protocol-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEYS = ['bl', 'fu1', 'fu2'] as const;
const PATIENT = { patientId: 'NADIR-P042', patientName: 'DOE^JANE' };
const allLoaded = { isStudyLoaded: () => true, isLoaded: () => true, distanceFromImageMm: () => null };
const rebuild = (files: ArrayBuffer[]) => sessionFromReports(readMeasurementReports(files), { readId: 'imported', createdAt: '2024-07-13T00:00:00Z', criteria: FIXTURE_SESSION.criteria });

describe('the protocol settings of a read, through its SRs', () => {
  it.each<[ReadProtocol, string[]]>([
    [DEFAULT_PROTOCOL, ['=(373067005,SCT,"No")', '="42"', '=(WHO-PD-SUM,99NADIR,']],
    [{ requireConfirmation: true, minSdDurationDays: 56, whoProgressionMode: 'anyLesion' }, ['=(373066001,SCT,"Yes")', '="56"', '=(WHO-PD-ANYLESION,99NADIR,']],
    [{ requireConfirmation: false, minSdDurationDays: 0, whoProgressionMode: 'anyLesion' }, ['=(373067005,SCT,"No")', '="0"', '=(WHO-PD-ANYLESION,99NADIR,']],
  ])('%j: written, valid (dciodvfy 0 errors, dsrdump), and restored by reading the SRs back', (protocol, dumped) => {
    const session: ReadSession = { ...FIXTURE_SESSION, protocol };
    const output = engineOutput(session);
    const files = KEYS.map((key) => writeMeasurementReport(session, output, STUDY[key], writeOptions(key)));
    const path = join(dir, `fu2-${protocol.minSdDurationDays}.dcm`);
    writeFileSync(path, new Uint8Array(files[2]!));
    const { errors, summary } = dciodvfy(path);
    console.log(`dciodvfy with protocol ${JSON.stringify(protocol)}: ${summary}`);
    expect(errors).toEqual([]);
    const dump = dsrdump(path);
    expect(dump.status, dump.stderr).toBe(0);
    const lines = dump.stdout.split('\n');
    const concepts = ['(CONFIRM-REQUIRED,99NADIR,', '(MIN-SD-DAYS,99NADIR,', '(WHO-PD-MODE,99NADIR,'];
    concepts.forEach((concept, index) => expect(lines.find((line) => line.includes(concept))).toContain(dumped[index]));
    // every report of the read holds the settings; the read rebuilt from them has them, and so does the engine's input
    const imported = readMeasurementReports(files);
    expect(imported.problems).toEqual([]);
    expect(imported.studies.map((study) => study.protocol)).toEqual([protocol, protocol, protocol]);
    const rebuilt = rebuild(files);
    expect(rebuilt.protocol).toEqual(protocol);
    expect(toExchangeInput(rebuilt).options).toEqual(protocol);
    expect(checkReports(imported, ['bl.dcm', 'fu1.dcm', 'fu2.dcm'], PATIENT, allLoaded)).toEqual([]);
  });

  it('an SR written before the settings were (tests/fixtures/sr-nadir-v1) holds none: no problem, and the read keeps its own', () => {
    const legacy = KEYS.map((key) => {
      const bytes = readFileSync(join(import.meta.dirname, '../../../tests/fixtures/sr-nadir-v1', `${key}.dcm`));
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    });
    const imported = readMeasurementReports(legacy);
    expect(imported.studies.map((study) => study.protocol)).toEqual([null, null, null]);
    expect(checkReports(imported, ['bl.dcm', 'fu1.dcm', 'fu2.dcm'], PATIENT, allLoaded).filter((problem) => problem.rule === 'badProtocol')).toEqual([]);
    const rebuilt = rebuild(legacy);
    expect(rebuilt.protocol).toBeUndefined();
    expect(toExchangeInput(rebuilt).options).toEqual(DEFAULT_PROTOCOL);
  });
});
