import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dciodvfy, dsrdump } from '../../../tests/dicomValidators';
import { assessPatient } from '../../../workers/engine';
import type { BidirectionalMeasurement, Observation, ReadSession } from '../../../workers/read/model';
import { toExchangeInput } from '../../../workers/read/toExchangeInput';
import { FIXTURE_SESSION, STUDY } from '../../../tests/fixtures/reportRead';
import { CODES, CRITERION_CODES, LESION_RESPONSE_CODES, RESPONSE_CODES, ROLE_CODES, STATUS_CODES } from './codes';
import { COUINAUD_SEGMENTS, findingSiteFor } from './organs';
import { numbers, readPart10, sequence, text } from './dcmjsFacade';
import { readMeasurementReports, sessionFromReports } from './readMeasurementReports';
import { engineOutput, writeOptions } from '../../../tests/fixtures/srSession';
import { nadirReadsIn, readsOfReader, signedReadsOf } from './nadirReads';
import { isDicomUid, randomUid, sha1, trackingUid, uuidV5 } from './uids';
import { decimalString } from './contentItem';
import { writeMeasurementReport } from './writeMeasurementReport';
import { namedByLabel } from '../../../workers/testing/namedByLabel';

const KEYS = ['bl', 'fu1', 'fu2'] as const;
const output = engineOutput();
const files = KEYS.map((key) => writeMeasurementReport(FIXTURE_SESSION, output, STUDY[key], writeOptions(key)));
const dir = mkdtempSync(join(tmpdir(), 'nadir-sr-'));
const paths = KEYS.map((key, index) => {
  const path = join(dir, `sr-${key}.dcm`);
  writeFileSync(path, new Uint8Array(files[index]!));
  return path;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));


describe('codes and identifiers', () => {
  it('keeps every code value within SH (16 characters) and every meaning within LO (64)', () => {
    const all = [
      ...Object.values(CODES), ...Object.values(ROLE_CODES), ...Object.values(STATUS_CODES), ...Object.values(RESPONSE_CODES),
      ...Object.values(CRITERION_CODES), ...Object.values(LESION_RESPONSE_CODES).flatMap((table) => Object.values(table)), ...Object.values(COUINAUD_SEGMENTS),
    ];
    for (const code of all) {
      expect(code.value.length, code.value).toBeLessThanOrEqual(16);
      expect(code.meaning.length, code.meaning).toBeLessThanOrEqual(64);
    }
  });

  it.each([
    // CID 7170: a liver text naming one Couinaud segment is coded as that segment
    ['liver segment I', false, '71133005'],
    ['liver segment II', false, '277956007'],
    ['liver segment III', false, '277957003'],
    ['liver segment IVa', false, '277958008'],
    ['liver segment V', false, '277959000'],
    ['hepatic segment 6', false, '277960005'],
    ['liver segment VII', false, '277961009'],
    ['liver S8', false, '277962002'],
    ['segment VIII', false, '277962002'],
    ['Liver, seg. iii', false, '277957003'],
    // no segment, or more than one: the liver
    ['liver', false, '10200004'],
    ['liver, segments VI and VII', false, '10200004'],
    ['liver segment IVb/VIII', false, '10200004'],
    ['segment invading the liver', false, '10200004'],
    // lungs have numbered segments too
    ['right lung, segment VI', false, '39607008'],
    ['lymph node, portocaval', false, '59441001'],
    ['right adrenal', false, '23451007'],
    ['left lower lobe of lung', false, '39607008'],
    ['peritoneum', false, '15425007'],
    ['hepatic hilum', true, '59441001'],
    ['elsewhere', false, null],
  ])('codes the organ %j (node %s) as %s', (organ, node, expected) => expect(findingSiteFor(organ, node)?.value ?? null).toBe(expected));

  it.each([
    // PS3.16 CID 6147 Response Criteria
    ['RECIST1.1', '126081', 'DCM', 'RECIST 1.1'],
    ['WHO', '112029', 'DCM', 'WHO'],
    // not in CID 6147
    ['EASL', 'CRIT-EASL', '99NADIR', 'EASL'],
    ['mRECIST', 'CRIT-MRECIST', '99NADIR', 'mRECIST'],
    ['Choi', 'CRIT-CHOI', '99NADIR', 'Choi'],
    ['iRECIST', 'CRIT-IRECIST', '99NADIR', 'iRECIST'],
  ] as const)('codes the criterion %s as (%s, %s, %j)', (criterion, value, scheme, meaning) => expect(CRITERION_CODES[criterion]).toEqual({ value, scheme, meaning }));

  it.each([
    // PS3.16 CID 6143 Lesion Response
    ['target', 'CR', '112041', 'DCM', 'Target Lesion Complete Response'],
    ['target', 'PR', '112042', 'DCM', 'Target Lesion Partial Response'],
    ['target', 'PD', '112043', 'DCM', 'Target Lesion Progressive Disease'],
    ['target', 'SD', '112044', 'DCM', 'Target Lesion Stable Disease'],
    ['nonTarget', 'CR', '112045', 'DCM', 'Non-Target Lesion Complete Response'],
    ['nonTarget', 'NonCR/NonPD', '112046', 'DCM', 'Non-Target Lesion Incomplete Response or Stable Disease'],
    ['nonTarget', 'PD', '112047', 'DCM', 'Non-Target Lesion Progressive Disease'],
  ] as const)('codes the %s response %s as (%s, %s, %j)', (kind, category, value, scheme, meaning) => expect(LESION_RESPONSE_CODES[kind][category]).toEqual({ value, scheme, meaning }));

  it('hashes with SHA-1 and derives version-5 UUIDs like RFC 4122 (known vectors)', () => {
    const hex = (bytes: Uint8Array) => [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
    expect(hex(sha1(new TextEncoder().encode('abc')))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    // Python: uuid.uuid5(uuid.NAMESPACE_URL, 'http://www.example.com/').hex
    expect(uuidV5('http://www.example.com/').toString(16)).toBe('fcde3c852270590f9e7cee003d65e0e2');
  });

  it('gives each lesion a stable, valid, distinct tracking UID', () => {
    const a = trackingUid('read-1', 'les-a');
    expect(a).toMatch(/^2\.25\.[1-9]\d{0,38}$/);
    expect(trackingUid('read-1', 'les-a')).toBe(a);
    expect(trackingUid('read-1', 'les-b')).not.toBe(a);
    expect(trackingUid('read-2', 'les-a')).not.toBe(a);
    const rooted = trackingUid('read-1', 'les-a', '1.2.826.0.1.3680043.10.999');
    expect(rooted.startsWith('1.2.826.0.1.3680043.10.999.')).toBe(true);
    expect(rooted.length).toBeLessThanOrEqual(64);
  });

  it('keeps the tracking UID of a lesion restored from an SR (its id is that UID)', () => {
    const restored = trackingUid('read-1', 'les-a');
    expect(trackingUid('another-read', restored)).toBe(restored);
    expect(trackingUid('read-1', '1.02.3')).not.toBe('1.02.3'); // not a UID: leading zero
  });

  it('makes random 2.25 UIDs that are valid and distinct', () => {
    const uids = Array.from({ length: 200 }, randomUid);
    expect(uids.every((uid) => isDicomUid(uid) && uid.startsWith('2.25.'))).toBe(true);
    expect(new Set(uids).size).toBe(uids.length);
  });

  it.each([
    [42.37125, '42.37125'],
    [30.12345678901234, '30.1234567890123'],
    [0.1 + 0.2, '0.3'],
    [1e-7, '0.0000001'],
    [123456789.12345679, '123456789.123457'],
  ])('writes %d as the decimal string %j (at most 16 characters)', (value, expected) => {
    expect(decimalString(value)).toBe(expected);
    expect(decimalString(value).length).toBeLessThanOrEqual(16);
  });
});

describe('the SR of each timepoint passes the validators', () => {
  it.each(KEYS.map((key, index) => [key, index] as const))('dciodvfy: %s has 0 errors', (key, index) => {
    const { errors, summary } = dciodvfy(paths[index]!);
    console.log(`dciodvfy ${key}: ${summary}`);
    expect(errors).toEqual([]);
  });

  it.each(KEYS.map((key, index) => [key, index] as const))('dsrdump: %s parses, with the tracking identifiers and the codes', (key, index) => {
    const result = dsrdump(paths[index]!);
    expect(result.status, result.stderr).toBe(0);
    const dump = result.stdout;
    expect(dump).toContain('Comprehensive 3D SR Document');
    expect(dump).toContain('<CONTAINER:(126000,DCM,"Imaging Measurement Report")');
    const observed = Object.keys(FIXTURE_SESSION.observations[STUDY[key]]!);
    for (const lesion of FIXTURE_SESSION.lesions) {
      const line = `<has obs context TEXT:(112039,DCM,"Tracking Identifier")="${lesion.label}">`;
      if (observed.includes(lesion.id)) {
        expect(dump).toContain(line);
        expect(dump).toContain(`"Tracking Unique Identifier")="${trackingUid(FIXTURE_SESSION.readId, lesion.id)}"`);
      } else expect(dump).not.toContain(line);
    }
    expect(dump).toContain('(103339001,SCT,"Long Axis")');
    expect(dump).toContain('(103340004,SCT,"Short Axis")');
    expect(dump).toContain('(363698007,SCT,"Finding Site")=(277961009,SCT,"Couinaud hepatic segment VII")');
    expect(dump).not.toContain('(10200004,SCT,"Liver")');
    expect(dump).toContain('(363698007,SCT,"Finding Site")=(59441001,SCT,"Lymph node")');
    if (key !== 'bl') {
      expect(dump).toContain('<has concept mod CODE:(112021,DCM,"Response Evaluation Method")=(126081,DCM,"RECIST 1.1")>');
      expect(dump).toContain('<has concept mod CODE:(112021,DCM,"Response Evaluation Method")=(112029,DCM,"WHO")>');
      expect(dump).toContain('=(112046,DCM,"Non-Target Lesion Incomplete Response or Stable Disease")>');
      expect(dump).not.toContain('"Response criteria"');
    }
    expect(dump).toContain('<inferred from SCOORD3D:=(POLYLINE');
    if (key === 'fu2') {
      expect(dump).toContain('(C35571,NCIt,"Progressive Disease")');
      expect(dump).toContain('(DISAPPEARED,99NADIR,"Disappeared")');
      expect(dump).toContain('(NEW,99NADIR,"New lesion")');
    }
    if (key === 'bl') expect(dump).not.toContain('"Overall response"');
  });
});

const near = (actual: number, expected: number, tolerance = 0.01) => expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);

function expectSameMeasurement(actual: BidirectionalMeasurement | null, expected: BidirectionalMeasurement | null) {
  expect(actual === null).toBe(expected === null);
  if (!actual || !expected) return;
  // the exact value travels in Floating Point Value: equal, not just within 0.01 mm
  expect(actual.longAxisMm).toBe(expected.longAxisMm);
  expect(actual.shortAxisMm).toBe(expected.shortAxisMm);
  for (const axis of ['longAxis', 'shortAxis'] as const) {
    for (let point = 0; point < 2; point += 1) for (let c = 0; c < 3; c += 1) near(actual[axis][point]![c]!, expected[axis][point]![c]!, 0.001);
  }
  expect(actual.image).toEqual(expected.image);
}

function expectSameObservation(actual: Observation | undefined, expected: Observation, idOf: (lesionId: string) => string) {
  expect(actual?.status).toBe(expected.status);
  if (!actual) return;
  if (expected.status === 'merged') expect(actual).toEqual({ status: 'merged', mergedInto: idOf(expected.mergedInto) });
  if (expected.status !== 'present' || actual.status !== 'present') return;
  expectSameMeasurement(actual.whole, expected.whole);
  expect(actual.enhancing.kind).toBe(expected.enhancing.kind);
  if (actual.enhancing.kind === 'measured' && expected.enhancing.kind === 'measured') expectSameMeasurement(actual.enhancing.measurement, expected.enhancing.measurement);
  expect(actual.meanHU).toBe(expected.meanHU);
  expect(actual.volume).toEqual(expected.volume);
}

function expectRoundTrip(session: ReadSession, buffers: ArrayBuffer[]) {
  const imported = readMeasurementReports(buffers);
  expect(imported.problems).toEqual([]);
  const idOf = (lesionId: string) => trackingUid(session.readId, lesionId);
  expect(imported.lesions.map((lesion) => lesion.label).sort()).toEqual(session.lesions.map((lesion) => lesion.label).sort());
  for (const lesion of session.lesions) {
    const restored = imported.lesions.find((candidate) => candidate.trackingUid === idOf(lesion.id));
    expect(restored, lesion.label).toMatchObject({
      label: lesion.label,
      role: lesion.role,
      organ: lesion.organ,
      isLymphNode: lesion.isLymphNode,
      firstStudyUid: lesion.firstStudyUid,
      splitFromTrackingUid: lesion.splitFrom ? idOf(lesion.splitFrom) : null,
    });
  }
  expect(imported.studies.map((study) => [study.studyInstanceUid, study.date, study.modality, study.sliceThicknessMm])).toEqual(
    session.timepoints.map((tp) => [tp.studyInstanceUid, tp.date, tp.modality, tp.sliceThicknessMm]),
  );
  for (const study of imported.studies) {
    const expected = session.observations[study.studyInstanceUid] ?? {};
    expect(Object.keys(study.observations).sort()).toEqual(Object.keys(expected).map(idOf).sort());
    for (const [lesionId, observation] of Object.entries(expected)) expectSameObservation(study.observations[idOf(lesionId)], observation, idOf);
  }
  return imported;
}

describe('2D image coordinates for viewers that draw on images', () => {
  it('adds each axis as a SCOORD polyline on its image, before the SCOORD3D, and still reads back the same read', () => {
    // an axial plane with 0.5 mm pixels and its first pixel centre at (−100, −100): SR coordinates add 0.5
    const pixelPosition = (_image: unknown, point: readonly [number, number, number]) => [(point[0] + 100) / 0.5 + 0.5, (point[1] + 100) / 0.5 + 0.5] as const;
    const bytes = writeMeasurementReport(FIXTURE_SESSION, output, STUDY.bl, { ...writeOptions('bl'), pixelPosition });
    const path = join(dir, 'with-scoord.dcm');
    writeFileSync(path, new Uint8Array(bytes));
    const { errors, summary } = dciodvfy(path);
    console.log(`dciodvfy with SCOORD: ${summary}`);
    expect(errors).toEqual([]);
    const dump = dsrdump(path).stdout;
    const axesAtBaseline = Object.values(FIXTURE_SESSION.observations[STUDY.bl]!).reduce(
      (count, observation) => count + (observation.status === 'present' ? (observation.whole ? 2 : 0) + (observation.enhancing.kind === 'measured' ? 2 : 0) : 0),
      0,
    );
    expect(dump.split('<inferred from SCOORD:=(POLYLINE,').length - 1).toBe(axesAtBaseline);
    expect(dump.indexOf('<inferred from SCOORD:=')).toBeLessThan(dump.indexOf('<inferred from SCOORD3D:='));
    // the first long axis: its 2D end points are exactly the projection of its 3D ones
    const root = readPart10(bytes);
    const group = sequence(sequence(sequence(root, 'ContentSequence').find((entry) => text(sequence(entry, 'ConceptNameCodeSequence')[0] ?? {}, 'CodeValue') === '126010')!, 'ContentSequence')[0]!, 'ContentSequence');
    const longAxis = group.find((entry) => text(entry, 'ValueType') === 'NUM')!;
    const [scoord, scoord3d] = sequence(longAxis, 'ContentSequence');
    const points3d = numbers(scoord3d!, 'GraphicData');
    expect(numbers(scoord!, 'GraphicData')).toEqual([...pixelPosition(null, [points3d[0]!, points3d[1]!, points3d[2]!]), ...pixelPosition(null, [points3d[3]!, points3d[4]!, points3d[5]!])].map((value) => expect.closeTo(value, 3)));
    const again = readMeasurementReports([bytes, files[1]!, files[2]!]);
    expect(again.problems).toEqual([]);
    expect(again.studies[0]!.observations).toEqual(readMeasurementReports([files[0]!]).studies[0]!.observations);
  });
});

describe('the reader as person observer', () => {
  it('writes a name typed without ^ as the family-name component, so that no validator takes it for the retired form, and reads it back as typed', () => {
    const session = { ...FIXTURE_SESSION, readerName: 'Dr Jane Doe' };
    const bytes = writeMeasurementReport(session, output, STUDY.bl, writeOptions('bl'));
    const path = join(dir, 'free-text-reader.dcm');
    writeFileSync(path, new Uint8Array(bytes));
    expect(dsrdump(path).stdout).toContain('PNAME:(121008,DCM,"Person Observer Name")="Dr Jane Doe^"');
    expect(dciodvfy(path).warnings.filter((line) => line.includes('Person Name'))).toEqual([]);
    expect(readMeasurementReports([bytes]).studies[0]!.readerName).toBe('Dr Jane Doe');
    expect(readMeasurementReports([files[0]!]).studies[0]!.readerName).toBe('Reader^Rita');
  });
});

describe('a signed read', () => {
  it('is VERIFIED by its signer at the time of the signature, and passes dciodvfy; an unsigned one stays UNVERIFIED', () => {
    const bytes = writeMeasurementReport(FIXTURE_SESSION, output, STUDY.fu1, { ...writeOptions('fu1'), verification: { verifierName: 'Dr Jane Doe', at: new Date('2026-12-03T10:01:02.345Z') } });
    const path = join(dir, 'verified.dcm');
    writeFileSync(path, new Uint8Array(bytes));
    const { errors, summary } = dciodvfy(path);
    console.log(`dciodvfy verified: ${summary}`);
    expect(errors).toEqual([]);
    const result = dsrdump(path);
    expect(result.status, result.stderr).toBe(0);
    const root = readPart10(bytes);
    expect(text(root, 'VerificationFlag')).toBe('VERIFIED');
    const [observer] = sequence(root, 'VerifyingObserverSequence');
    expect([text(observer!, 'VerifyingObserverName'), text(observer!, 'VerificationDateTime')?.trim()]).toEqual(['Dr Jane Doe^', '20261203100102.345+0000']);
    expect(text(readPart10(files[1]!), 'VerificationFlag')).toBe('UNVERIFIED');
    expect(readMeasurementReports([bytes]).problems).toEqual([]);
  });
});

describe('SR import: the round trip loses nothing', () => {
  it('restores every lesion, its identity across timepoints and every measurement', () => {
    const imported = expectRoundTrip(FIXTURE_SESSION, files);
    const l1 = imported.studies[0]!.observations[trackingUid(FIXTURE_SESSION.readId, 'les-a')]!;
    // independently known: the fixture's L1 at baseline
    expect(l1.status === 'present' && [l1.whole?.longAxisMm, l1.whole?.shortAxisMm, l1.meanHU]).toEqual([42.37125, 30.123456, 45.5]);
    const l1fu1 = imported.studies[1]!.observations[trackingUid(FIXTURE_SESSION.readId, 'les-a')]!;
    expect(l1fu1.status === 'present' && l1fu1.whole?.image).toEqual({
      studyInstanceUid: STUDY.fu1,
      seriesInstanceUid: '1.2.826.0.1.3680043.8.498.212',
      sopInstanceUid: '1.2.826.0.1.3680043.8.498.202.7',
      frameNumber: 12,
    });
    expect(imported.studies[2]!.responses['RECIST1.1']).toMatchObject({ value: 'C35571', scheme: 'NCIt' });
    expect(imported.studies[2]!.responses.iRECIST).toMatchObject({ value: 'iUPD' });
    expect(imported.studies.map((study) => study.timepoint)).toEqual(['BL', 'FU1', 'FU2']);
  });

  it('rebuilds a read that the engine assesses exactly as the original', () => {
    const rebuilt = sessionFromReports(readMeasurementReports([files[2]!, files[0]!, files[1]!]), {
      readId: 'imported',
      createdAt: '2024-07-13T00:00:00Z',
      criteria: FIXTURE_SESSION.criteria,
    });
    expect(rebuilt).toMatchObject({ patientId: 'NADIR-P042', patientName: 'DOE^JANE', readerName: 'Reader^Rita' });
    // the imported lesions are identified by their tracking UIDs; a reader sees the same labels and verdicts
    const again = assessPatient(toExchangeInput(rebuilt));
    expect(namedByLabel(again, rebuilt.lesions)).toEqual(namedByLabel({ ok: true, output }, FIXTURE_SESSION.lesions));
  });

  it('keeps a lesion\'s volume (vRECIST, qEASL) exactly, in mL, and the file still passes dciodvfy', () => {
    const l1 = FIXTURE_SESSION.observations[STUDY.bl]!['les-a']!;
    if (l1.status !== 'present') throw new Error('the fixture L1 is present at baseline');
    const volume = { volumeMl: 28.123456789, enhancingVolumeMl: 11.5, sliceCount: 7 };
    const session: ReadSession = { ...FIXTURE_SESSION, observations: { ...FIXTURE_SESSION.observations, [STUDY.bl]: { ...FIXTURE_SESSION.observations[STUDY.bl], 'les-a': { ...l1, volume } } } };
    const written = writeMeasurementReport(session, engineOutput(session), STUDY.bl, writeOptions('bl'));
    const imported = readMeasurementReports([written]);
    expect(imported.problems).toEqual([]);
    const restored = imported.studies[0]!.observations[trackingUid(FIXTURE_SESSION.readId, 'les-a')]!;
    expect(restored.status === 'present' && restored.volume).toEqual(volume);
    const path = join(dir, 'volume.dcm');
    writeFileSync(path, Buffer.from(written));
    expect(dciodvfy(path).errors).toEqual([]);
  });

  it('keeps splits and merges', () => {
    const fu2 = FIXTURE_SESSION.observations[STUDY.fu2]!;
    const l2 = fu2['les-b']!;
    const changed: ReadSession = {
      ...FIXTURE_SESSION,
      lesions: [...FIXTURE_SESSION.lesions, { id: 'les-f', label: 'L2a', role: 'target', organ: 'lymph node, portocaval', isLymphNode: true, firstStudyUid: STUDY.fu2, splitFrom: 'les-b' }],
      observations: { ...FIXTURE_SESSION.observations, [STUDY.fu2]: { ...fu2, 'les-b': { status: 'split' }, 'les-f': l2, 'les-c': { status: 'merged', mergedInto: 'les-a' } } },
    };
    const buffers = KEYS.map((key) => writeMeasurementReport(changed, output, STUDY[key], writeOptions(key)));
    expectRoundTrip(changed, buffers);
  });

  it('writes a rebuilt read again with the same tracking UIDs: a lesion stays one lesion across exports', () => {
    const rebuilt = sessionFromReports(readMeasurementReports(files), { readId: 'imported', createdAt: '2024-07-13T00:00:00Z', criteria: FIXTURE_SESSION.criteria });
    const again = readMeasurementReports(KEYS.map((key) => writeMeasurementReport(rebuilt, output, STUDY[key], writeOptions(key))));
    expect(again.problems).toEqual([]);
    expect(again.lesions.map((lesion) => lesion.trackingUid).sort()).toEqual(FIXTURE_SESSION.lesions.map((lesion) => trackingUid(FIXTURE_SESSION.readId, lesion.id)).sort());
  });

  it('reports files it cannot use instead of throwing', () => {
    const garbage = new TextEncoder().encode('not dicom at all').buffer;
    const result = readMeasurementReports([garbage, files[0]!]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.file).toBe(0);
    expect(result.studies).toHaveLength(1);
  });

  it('refuses to write a measurement whose series it knows nothing about', () => {
    const options = { ...writeOptions('fu2'), series: {} };
    expect(() => writeMeasurementReport(FIXTURE_SESSION, output, STUDY.fu2, options)).toThrow(/series 1\.2\.826\.0\.1\.3680043\.8\.498\.203/);
  });
});

describe('SRs Nadir wrote before the standard codes (NADIR_SR_1, tests/fixtures/sr-nadir-v1)', () => {
  // written by writeMeasurementReport at b12da9d from the same fixture read: Liver + text for the
  // segments, the criterion as TEXT (99NADIR CRITERIA), Nadir's own codes for every lesion response
  const legacy = KEYS.map((key) => {
    const bytes = readFileSync(join(import.meta.dirname, '../../../tests/fixtures/sr-nadir-v1', `${key}.dcm`));
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  });

  it('are the old form indeed', () => {
    const dump = dsrdump(join(import.meta.dirname, '../../../tests/fixtures/sr-nadir-v1/fu2.dcm')).stdout;
    expect(dump).toContain('(363698007,SCT,"Finding Site")=(10200004,SCT,"Liver")');
    expect(dump).toContain('<has concept mod TEXT:(CRITERIA,99NADIR,"Response criteria")="RECIST 1.1">');
  });

  it('still import as the same read, with the same recorded responses, as the SRs written now', () => {
    const old = expectRoundTrip(FIXTURE_SESSION, legacy);
    const now = readMeasurementReports(files);
    expect(old.studies.map((study) => study.responses)).toEqual(now.studies.map((study) => study.responses));
    expect(Object.keys(old.studies[2]!.responses).sort()).toEqual([...FIXTURE_SESSION.criteria].sort());
    expect(old.lesions.map(({ findingSite, ...lesion }) => lesion)).toEqual(now.lesions.map(({ findingSite, ...lesion }) => lesion));
    const rebuilt = sessionFromReports(old, { readId: 'imported', createdAt: '2024-07-13T00:00:00Z', criteria: FIXTURE_SESSION.criteria });
    expect(namedByLabel(assessPatient(toExchangeInput(rebuilt)), rebuilt.lesions)).toEqual(namedByLabel({ ok: true, output }, FIXTURE_SESSION.lesions));
  });
});

describe('finding Nadir reads among SR files', () => {
  const named = (buffers: ArrayBuffer[], prefix: string) => buffers.map((bytes, index) => ({ name: `${prefix}${index}.dcm`, bytes }));

  it('groups the reports of one reader and patient, and takes the newest report of each study', () => {
    const later = { ...FIXTURE_SESSION, observations: { ...FIXTURE_SESSION.observations, [STUDY.fu2]: { ...FIXTURE_SESSION.observations[STUDY.fu2]!, 'les-c': { status: 'notEvaluated' as const } } } };
    const laterFu2 = writeMeasurementReport(later, output, STUDY.fu2, { ...writeOptions('fu2'), now: new Date('2024-07-12T10:20:30.500Z'), instanceUids: { series: '1.2.3.4.1', sop: '1.2.3.4.1.1' } });
    const reads = nadirReadsIn([...named(files, 'first'), { name: 'later-fu2.dcm', bytes: laterFu2 }]);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ patientId: 'NADIR-P042', readerName: 'Reader^Rita', writtenAt: '2024-07-12T10:20:30.500000' });
    expect(reads[0]!.fileNames.sort()).toEqual(['first0.dcm', 'first1.dcm', 'later-fu2.dcm']);
    const fu2 = reads[0]!.reports.studies.find((study) => study.studyInstanceUid === STUDY.fu2)!;
    expect(fu2.observations[trackingUid(FIXTURE_SESSION.readId, 'les-c')]).toEqual({ status: 'notEvaluated' });
  });

  it('keeps two readers apart and passes over files that are not Nadir reports', () => {
    const other = { ...FIXTURE_SESSION, readerName: 'Second^Sam' };
    const second = KEYS.map((key) => writeMeasurementReport(other, output, STUDY[key], { ...writeOptions(key), instanceUids: { series: `1.2.3.5.${key.length}`, sop: `1.2.3.5.${key.length}.${key === 'fu2' ? 2 : 1}` } }));
    const garbage = new TextEncoder().encode('not dicom at all').buffer;
    const reads = nadirReadsIn([...named(files, 'rita'), ...named(second, 'sam'), { name: 'garbage.dcm', bytes: garbage }]);
    expect(reads.map((read) => read.readerName).sort()).toEqual(['Reader^Rita', 'Second^Sam']);
    expect(reads.every((read) => read.reports.studies.length === 3 && read.reports.problems.length === 0)).toBe(true);
  });

  // blinded double read (issue 15 §2): each reader is offered only their own read, found by the SR's observer
  it.each([
    ['Reader^Rita', 'NADIR-P042', ['Reader^Rita']],
    ['Second^Sam', 'NADIR-P042', ['Second^Sam']],
    ['second^sam', 'NADIR-P042', []],
    ['Third^Tom', 'NADIR-P042', []],
    ['Reader^Rita', 'ANOTHER-PATIENT', []],
  ])('offers %s, reading %s, only %j', (reader, patient, offered) => {
    const other = { ...FIXTURE_SESSION, readerName: 'Second^Sam' };
    const second = KEYS.map((key) => writeMeasurementReport(other, output, STUDY[key], { ...writeOptions(key), instanceUids: { series: `1.2.3.6.${key.length}`, sop: `1.2.3.6.${key.length}.${key === 'fu2' ? 2 : 1}` } }));
    const reads = nadirReadsIn([...named(files, 'rita'), ...named(second, 'sam')]);
    expect(readsOfReader(reads, patient, reader).map((read) => read.readerName)).toEqual(offered);
  });

  it('tells a signed read (every report VERIFIED by one signer) from an unsigned one, and lists its SR instances', () => {
    const signedBy = (name: string) => ({ verification: { verifierName: name, at: new Date('2024-07-13T08:00:00Z') } });
    const signed = KEYS.map((key, index) => writeMeasurementReport({ ...FIXTURE_SESSION, readerName: 'Second^Sam' }, output, STUDY[key], { ...writeOptions(key), ...signedBy('Second^Sam'), instanceUids: { series: '1.2.3.7', sop: `1.2.3.7.${index}` } }));
    const partly = KEYS.map((key, index) => writeMeasurementReport({ ...FIXTURE_SESSION, readerName: 'Third^Tom' }, output, STUDY[key], { ...writeOptions(key), ...(index === 0 ? signedBy('Third^Tom') : {}), instanceUids: { series: '1.2.3.8', sop: `1.2.3.8.${index}` } }));
    const reads = nadirReadsIn([...named(files, 'rita'), ...named(signed, 'sam'), ...named(partly, 'tom')]);
    expect(Object.fromEntries(reads.map((read) => [read.readerName, read.signedBy]))).toEqual({ 'Reader^Rita': null, 'Second^Sam': 'Second^Sam', 'Third^Tom': null });
    expect(signedReadsOf(reads, 'NADIR-P042').map((read) => read.readerName)).toEqual(['Second^Sam']);
    const sam = reads.find((read) => read.readerName === 'Second^Sam')!;
    expect(sam.instances.map((instance) => [instance.studyInstanceUid, instance.seriesInstanceUid, instance.sopInstanceUid]).sort()).toEqual(
      KEYS.map((key, index) => [STUDY[key], '1.2.3.7', `1.2.3.7.${index}`]).sort(),
    );
  });
});

describe('a response category Nadir has no code for', () => {
  it('writes no SR and says why, instead of recording NE', () => {
    const recist = output.criteria['RECIST1.1']!;
    const unknown = {
      ...output,
      criteria: { ...output.criteria, 'RECIST1.1': { ...recist, timepoints: recist.timepoints.map((timepoint) => ({ ...timepoint, overallResponse: 'MR' })) } },
    } as unknown as typeof output;
    expect(() => writeMeasurementReport(FIXTURE_SESSION, unknown, STUDY.fu1, writeOptions('fu1'))).toThrow('RECIST 1.1 at FU1: the response "MR" is not a category Nadir knows, so no SR was written');
  });
});
