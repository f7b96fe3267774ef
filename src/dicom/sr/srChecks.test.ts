import { describe, expect, it } from 'vitest';
import { IMPORT_RULES, checkSession, describeProblem, type ImageContext, type ImportRule } from '../../../workers/read/importChecks';
import type { ReadSession } from '../../../workers/read/model';
import { FIXTURE_SESSION, STUDY } from '../../../tests/fixtures/reportRead';
import { CODES, STATUS_CODES, sameCode, type Code } from './codes';
import { readPart10, sequence, writePart10, type Dataset } from './dcmjsFacade';
import { readMeasurementReports } from './readMeasurementReports';
import { checkReports } from './srChecks';
import { CONTENT_CHECKSUM_CONCEPT } from './items/checksum';
import { engineOutput, writeOptions } from '../../../tests/fixtures/srSession';
import { NADIR_IMPLEMENTATION_CLASS_UID, writeMeasurementReport } from './writeMeasurementReport';

/**
 * One table per rule: a valid SR written by Nadir, tampered in one way with dcmjs, must be refused
 * by that rule, named with its file and item; the untouched SR passes every rule.
 */

const PATIENT = { patientId: 'NADIR-P042', patientName: 'DOE^JANE' };
const output = engineOutput();
const original = (key: 'bl' | 'fu1' | 'fu2' = 'fu2') => writeMeasurementReport(FIXTURE_SESSION, output, STUDY[key], writeOptions(key));

// every image of the fixture is "loaded"; geometry unknown except where a test says otherwise
const allLoaded: ImageContext = { isStudyLoaded: () => true, isLoaded: () => true, distanceFromImageMm: () => null };

const concept = (item: Dataset): Code | null => {
  const name = sequence(item, 'ConceptNameCodeSequence')[0];
  return name ? { value: String(name.CodeValue), scheme: String(name.CodingSchemeDesignator), meaning: '' } : null;
};
const kids = (item: Dataset) => sequence(item, 'ContentSequence');
/** the content sequence itself, to add to */
const content = (item: Dataset) => item.ContentSequence as Dataset[];
const clone = (item: Dataset): Dataset => JSON.parse(JSON.stringify(item)) as Dataset;
const measurementsOf = (dataset: Dataset) => kids(dataset).find((item) => sameCode(concept(item), CODES.imagingMeasurements))!;
const groupsOf = (dataset: Dataset) => kids(kids(dataset).find((item) => sameCode(concept(item), CODES.imagingMeasurements))!);
const labelOf = (group: Dataset) => kids(group).find((item) => sameCode(concept(item), CODES.trackingIdentifier))!.TextValue;
const groupOf = (dataset: Dataset, label: string) => groupsOf(dataset).find((group) => labelOf(group) === label)!;
const codeItem = (code: Code) => ({ CodeValue: code.value, CodingSchemeDesignator: code.scheme, CodeMeaning: code.meaning });
const numOf = (group: Dataset, code: Code) => kids(group).find((item) => item.ValueType === 'NUM' && sameCode(concept(item), code))!;
const measured = (num: Dataset) => sequence(num, 'MeasuredValueSequence')[0]!;

function tampered(edit: (dataset: Dataset) => void, key: 'bl' | 'fu1' | 'fu2' = 'fu2'): ArrayBuffer {
  const { _fileMeta: _meta, ...dataset } = readPart10(original(key));
  edit(dataset);
  return writePart10(dataset, { implementationClassUid: NADIR_IMPLEMENTATION_CLASS_UID, implementationVersionName: 'TAMPERED' });
}

const rulesOf = (bytes: ArrayBuffer, images: ImageContext | null = allLoaded) => checkReports(readMeasurementReports([bytes]), ['fu2.dcm'], PATIENT, images);

// L1 at FU2: 45.0 × 30.0 mm on a single-frame image (tests/fixtures/reportRead.ts)
const L1 = (dataset: Dataset) => groupOf(dataset, 'L1');
const longOfL1 = (dataset: Dataset) => measured(numOf(L1(dataset), CODES.longAxis));

/** L1 given a volume NUM (the whole volume, in mL) without its viable volume and slice count */
function volumeAloneOnL1(dataset: Dataset): void {
  const volume = clone(numOf(L1(dataset), CODES.longAxis));
  volume.ConceptNameCodeSequence = [{ CodeValue: CODES.volume.value, CodingSchemeDesignator: CODES.volume.scheme, CodeMeaning: CODES.volume.meaning }];
  sequence(volume, 'MeasuredValueSequence')[0]!.MeasurementUnitsCodeSequence = [{ CodeValue: CODES.millilitre.value, CodingSchemeDesignator: CODES.millilitre.scheme, CodeMeaning: CODES.millilitre.meaning }];
  delete volume.ContentSequence;
  content(L1(dataset)).push(volume);
}

const qualitativeOf = (dataset: Dataset) => kids(dataset).find((item) => sameCode(concept(item), CODES.qualitativeEvaluations))!;
const protocolItem = (dataset: Dataset, code: Code) => kids(qualitativeOf(dataset)).find((item) => sameCode(concept(item), code))!;

const TABLE: [ImportRule, (dataset: Dataset) => void, string][] = [
  ['otherPatientId', (d) => (d.PatientID = 'SOMEONE-ELSE'), ''],
  ['otherPatientName', (d) => (d.PatientName = [{ Alphabetic: 'ROE^RICHARD' }]), ''],
  ['notNadirReport', (d) => (d.CodingSchemeIdentificationSequence = []), ''],
  ['valueMismatch', (d) => (longOfL1(d).NumericValue = '55'), 'lesion L1, long axis'],
  ['valueMissing', (d) => delete longOfL1(d).FloatingPointValue, 'lesion L1, long axis'],
  ['valueMissing', volumeAloneOnL1, 'lesion L1, volume'],
  ['wrongUnit', (d) => (sequence(longOfL1(d), 'MeasurementUnitsCodeSequence')[0]!.CodeValue = 'cm'), 'lesion L1, long axis'],
  ['lengthOutOfRange', (d) => Object.assign(longOfL1(d), { NumericValue: '-10', FloatingPointValue: -10 }), 'lesion L1 at 2024-07-10, long axis'],
  ['axisLengthMismatch', (d) => Object.assign(longOfL1(d), { NumericValue: '47', FloatingPointValue: 47 }), 'lesion L1 at 2024-07-10, long axis'],
  ['shortAxisLonger', (d) => Object.assign(measured(numOf(L1(d), CODES.shortAxis)), { NumericValue: '46', FloatingPointValue: 46 }), 'lesion L1 at 2024-07-10'],
  ['statusWithMeasurements', (d) => (kids(L1(d)).find((item) => sameCode(concept(item), CODES.lesionStatus))!.ConceptCodeSequence = [{ CodeValue: STATUS_CODES.disappeared.value, CodingSchemeDesignator: '99NADIR', CodeMeaning: 'Disappeared' }]), 'lesion L1'],
  ['duplicateGroup', (d) => content(measurementsOf(d)).push(clone(L1(d))), 'lesion L1'],
  [
    'duplicateTrackingUid',
    (d) => {
      const copy = clone(L1(d));
      kids(copy).find((item) => sameCode(concept(item), CODES.trackingIdentifier))!.TextValue = 'L9';
      content(measurementsOf(d)).push(copy);
    },
    'lesions L1 and L9',
  ],
  [
    'duplicateLabel',
    (d) => (kids(groupOf(d, 'L2')).find((item) => sameCode(concept(item), CODES.trackingIdentifier))!.TextValue = 'L1'),
    'lesion L1',
  ],
  ['unreadable', (d) => (kids(L1(d)).find((item) => sameCode(concept(item), CODES.lesionRole))!.ConceptCodeSequence = []), ''],
  // the protocol settings (items/protocol.ts): a value Nadir does not write, or one missing beside the others
  ['badProtocol', (d) => (sequence(protocolItem(d, CODES.confirmationRequired), 'ConceptCodeSequence')[0]!.CodeValue = '373068000'), 'protocol, Confirmation of CR/PR'],
  ['badProtocol', (d) => (protocolItem(d, CODES.minSdDuration).TextValue = 'six weeks'), 'protocol, Minimum SD duration'],
  ['badProtocol', (d) => (protocolItem(d, CODES.minSdDuration).TextValue = '-42'), 'protocol, Minimum SD duration'],
  ['badProtocol', (d) => (protocolItem(d, CODES.minSdDuration).TextValue = '42.5'), 'protocol, Minimum SD duration'],
  ['badProtocol', (d) => (sequence(protocolItem(d, CODES.whoProgressionMode), 'ConceptCodeSequence')[0]!.CodeValue = 'WHO-PD-LESION'), 'protocol, WHO / EASL progression'],
  ['badProtocol', (d) => content(qualitativeOf(d)).splice(content(qualitativeOf(d)).indexOf(protocolItem(d, CODES.whoProgressionMode)), 1), 'protocol, WHO / EASL progression'],
  ['unknownLesion', (d) => content(groupOf(d, 'L3')).push({ RelationshipType: 'CONTAINS', ValueType: 'UIDREF', ConceptNameCodeSequence: [{ CodeValue: CODES.splitFrom.value, CodingSchemeDesignator: '99NADIR', CodeMeaning: 'x' }], UID: '2.25.1' }), 'lesion L3, split from'],
];

describe('SR import: each rule refuses its tampering, per file and item', () => {
  it('passes the untouched reports of every timepoint', () => {
    const files = (['bl', 'fu1', 'fu2'] as const).map((key) => original(key));
    expect(checkReports(readMeasurementReports(files), ['bl.dcm', 'fu1.dcm', 'fu2.dcm'], PATIENT, allLoaded)).toEqual([]);
  });

  it.each(TABLE)('%s', (rule, edit, item) => {
    const problems = rulesOf(tampered(edit));
    expect(problems.map((problem) => problem.rule)).toContain(rule);
    const problem = problems.find((candidate) => candidate.rule === rule)!;
    expect(problem.file).toBe('fu2.dcm');
    if (item) expect(problem.item).toBe(item);
    expect(describeProblem(problem)).toContain(IMPORT_RULES[rule].message);
  });

  // Found by the 10,000-input fuzz campaign: each imported differently from the clean file, no problem listed.
  const itemOf = (d: Dataset, label: string, code: Code) => kids(groupOf(d, label)).find((item) => sameCode(concept(item), code))!;
  const qualitative = (d: Dataset) => kids(kids(d).find((item) => sameCode(concept(item), CODES.qualitativeEvaluations))!);
  // the content checksum (items/checksum.ts): free text changed in a valid way is still named
  const checksumOfReport = (d: Dataset) => kids(qualitativeOf(d)).find((item) => sameCode(concept(item), CONTENT_CHECKSUM_CONCEPT));
  const sealProblems = (bytes: ArrayBuffer) => rulesOf(bytes).filter((problem) => problem.rule === 'unreadable' && /checksum/.test(problem.detail ?? ''));
  it.each<[string, (dataset: Dataset) => void, RegExp]>([
    ['a lesion label changed by one character ("L2" read as "L:")', (d) => (kids(groupOf(d, 'L2')).find((item) => sameCode(concept(item), CODES.trackingIdentifier))!.TextValue = 'L:'), /does not match the checksum/],
    ['a digit of the first study UID dropped', (d) => (itemOf(d, 'L1', CODES.firstStudy).UID = `${String(itemOf(d, 'L1', CODES.firstStudy).UID).slice(0, -2)}9`), /does not match the checksum/],
    ['the study date changed', (d) => (d.StudyDate = '20240711'), /does not match the checksum/],
    ['the checksum removed', (d) => content(qualitativeOf(d)).splice(content(qualitativeOf(d)).indexOf(checksumOfReport(d)!), 1), /checksum Nadir seals its reports with is missing/],
  ])('unreadable, by the content checksum: %s', (_name, edit, message) => {
    expect(sealProblems(tampered(edit)).map((problem) => problem.detail)).toEqual([expect.stringMatching(message)]);
  });

  it('the checksum ignores what only names the file or the patient: new SOP and series UIDs, content date, patient name', () => {
    const renamed = tampered((d) => Object.assign(d, { SOPInstanceUID: '2.25.1', SeriesInstanceUID: '2.25.2', ContentDate: '20991231', PatientName: [{ Alphabetic: 'ANON^X' }] }));
    expect(sealProblems(renamed)).toEqual([]);
  });

  it('an SR of a version that did not seal yet (NADIR_SR_2 and before) imports without a checksum', () => {
    const older = tampered((d) => {
      content(qualitativeOf(d)).splice(content(qualitativeOf(d)).indexOf(checksumOfReport(d)!), 1);
      d.SoftwareVersions = 'Nadir';
    });
    expect(sealProblems(older)).toEqual([]);
  });

  it.each<[string, (dataset: Dataset) => void]>([
    ['the first study of a lesion removed (it would read as first seen here)', (d) => content(groupOf(d, 'L1')).splice(content(groupOf(d, 'L1')).indexOf(itemOf(d, 'L1', CODES.firstStudy)), 1)],
    ['the lymph-node code damaged (a node would read as not a node)', (d) => (itemOf(d, 'L2', CODES.lymphNode).ConceptCodeSequence = [{ CodeValue: 'Y', CodingSchemeDesignator: 'XX', CodeMeaning: 'Yes' }])],
    ['a concept\'s scheme damaged (the finding site would be dropped)', (d) => (sequence(itemOf(d, 'L1', CODES.findingSite), 'ConceptNameCodeSequence')[0]!.CodingSchemeDesignator = 'SCTX')],
    ['the finding site\'s code without its scheme (the site would be dropped)', (d) => delete sequence(itemOf(d, 'L1', CODES.findingSite), 'ConceptCodeSequence')[0]!.CodingSchemeDesignator],
    ['a vascular pattern Nadir does not write (it would read as not recorded)', (d) => content(groupOf(d, 'L1')).push({ RelationshipType: 'HAS CONCEPT MOD', ValueType: 'CODE', ConceptNameCodeSequence: [codeItem(CODES.vascularPattern)], ConceptCodeSequence: [{ CodeValue: 'XX', CodingSchemeDesignator: '99NADIR', CodeMeaning: 'x' }] })],
    ['the measurements container\'s concept damaged (every lesion would be dropped)', (d) => (sequence(measurementsOf(d), 'ConceptNameCodeSequence')[0]!.CodeValue = '126011')],
    ['a recorded response code damaged (it would be dropped)', (d) => (sequence(qualitative(d).find((item) => sameCode(concept(item), CODES.overallResponse))!, 'ConceptCodeSequence')[0]!.CodingSchemeDesignator = 'NCItX')],
  ])('unreadable: %s', (_name, edit) => {
    expect(rulesOf(tampered(edit)).map((problem) => problem.rule)).toContain('unreadable');
  });

  it('a tracking UID changed in one file of a read is named: the lesion no longer links to its other timepoints', () => {
    const fu2 = tampered((d) => {
      const uid = kids(L1(d)).find((item) => sameCode(concept(item), CODES.trackingUniqueIdentifier))!;
      uid.UID = String(uid.UID).slice(0, -3); // still a valid UID
    });
    const files = [original('bl'), original('fu1'), fu2];
    const problems = checkReports(readMeasurementReports(files), ['bl.dcm', 'fu1.dcm', 'fu2.dcm'], PATIENT, allLoaded);
    expect(problems.map((problem) => `${problem.rule} ${problem.item}`)).toContain('duplicateLabel lesion L1');
  });

  it('imageNotLoaded: a measurement on an image that is not loaded', () => {
    const problems = rulesOf(original(), { isStudyLoaded: () => true, isLoaded: () => false, distanceFromImageMm: () => null });
    expect(problems.map((problem) => problem.rule)).toContain('imageNotLoaded');
  });

  it('pointOffImage: coordinates moved off the image they refer to', () => {
    const problems = rulesOf(original(), { ...allLoaded, distanceFromImageMm: () => 3.5 });
    expect(problems.filter((problem) => problem.rule === 'pointOffImage').length).toBeGreaterThan(0);
    expect(rulesOf(original(), { ...allLoaded, distanceFromImageMm: () => 0.4 })).toEqual([]);
  });

  it('mixedReaders: reports of two readers are not merged into one read', () => {
    const other = writeMeasurementReport({ ...FIXTURE_SESSION, readerName: 'Dr Other' }, output, STUDY.bl, writeOptions('bl'));
    const problems = checkReports(readMeasurementReports([other, original()]), ['bl.dcm', 'fu2.dcm'], PATIENT, allLoaded);
    expect(problems.map((problem) => problem.rule)).toContain('mixedReaders');
  });

  it('mixedProtocols: reports computed with different protocol settings are not merged into one read', () => {
    const confirmed = { ...FIXTURE_SESSION, protocol: { requireConfirmation: true, minSdDurationDays: 42, whoProgressionMode: 'sum' as const } };
    const other = writeMeasurementReport(confirmed, engineOutput(confirmed), STUDY.bl, writeOptions('bl'));
    const problems = checkReports(readMeasurementReports([other, original()]), ['bl.dcm', 'fu2.dcm'], PATIENT, allLoaded);
    expect(problems.map((problem) => [problem.rule, problem.detail])).toEqual([
      ['mixedProtocols', '“confirmation required; SD ≥ 42 days (6 weeks); WHO PD by sum” vs “no confirmation required; SD ≥ 42 days (6 weeks); WHO PD by sum”'],
    ]);
  });

  it('a study that is not loaded is not refused for its images (it is named as not loaded)', () => {
    expect(rulesOf(original(), { isStudyLoaded: () => false, isLoaded: () => false, distanceFromImageMm: () => 5 })).toEqual([]);
  });

  it('takes the patient name as shown ("DOE JANE") for the PN "DOE^JANE"', () => {
    expect(checkReports(readMeasurementReports([original()]), ['fu2.dcm'], { patientId: 'NADIR-P042', patientName: 'Doe Jane' }, allLoaded)).toEqual([]);
  });

  it('1e300 mm is out of range, and so is a length that is not a number', () => {
    const huge = rulesOf(tampered((d) => Object.assign(longOfL1(d), { NumericValue: '1e300', FloatingPointValue: 1e300 })));
    expect(huge.map((problem) => problem.rule)).toContain('lengthOutOfRange');
  });

  it('knows a message for every rule, and the tables here cover every rule', () => {
    // segmentationNotRead: ../seg/importSegmentations.test.ts
    const covered = new Set<ImportRule>([...TABLE.map(([rule]) => rule), 'imageNotLoaded', 'pointOffImage', 'mixedReaders', 'mixedProtocols', 'segmentationNotRead']);
    expect([...covered].sort()).toEqual(Object.keys(IMPORT_RULES).sort());
  });
});

describe('JSON import: the same rules on a read', () => {
  const withL1 = (edit: (session: ReadSession) => void) => {
    const session = structuredClone(FIXTURE_SESSION) as ReadSession;
    edit(session);
    return checkSession(session, 'read.json', allLoaded).map((problem) => problem.rule);
  };
  const l1 = FIXTURE_SESSION.lesions.find((lesion) => lesion.label === 'L1')!.id;
  const whole = (session: ReadSession) => {
    const observation = session.observations[STUDY.fu2]![l1]!;
    if (observation.status !== 'present' || !observation.whole) throw new Error('fixture changed');
    return observation.whole as { longAxisMm: number; shortAxisMm: number };
  };

  it.each<[ImportRule | null, (session: ReadSession) => void]>([
    [null, () => undefined],
    ['lengthOutOfRange', (s) => (whole(s).longAxisMm = 1e300)],
    ['axisLengthMismatch', (s) => (whole(s).longAxisMm = 45.02)],
    ['shortAxisLonger', (s) => (whole(s).shortAxisMm = 50)],
    ['duplicateLabel', (s) => (s.lesions[1]!.label = 'L1')],
    ['duplicateTrackingUid', (s) => s.lesions.push({ ...s.lesions[0]!, label: 'L99' })],
    ['unknownLesion', (s) => (s.observations[STUDY.fu2]!['no-such-lesion'] = { status: 'disappeared' })],
  ])('%s', (rule, edit) => {
    const rules = withL1(edit);
    if (rule === null) expect(rules).toEqual([]);
    else expect(rules).toContain(rule);
  });
});
