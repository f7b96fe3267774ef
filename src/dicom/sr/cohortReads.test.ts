import { describe, expect, it } from 'vitest';
import { compareTwoReads } from '../../../workers/adjudicate/compareReads';
import { adjudicate } from '../../../workers/adjudicate/adjudication';
import type { ReadSession } from '../../../workers/read/model';
import { FIXTURE_SESSION, STUDY } from '../../../tests/fixtures/reportRead';
import { engineOutput, studyContext, writeOptions } from '../../../tests/fixtures/srSession';
import { writeAdjudicationReport } from './adjudicationReport';
import { COMPREHENSIVE_3D_SR } from './codes';
import { cohortSrsIn } from './cohortReads';
import { writePurposeReport } from './referenceReport';
import { writeMeasurementReport } from './writeMeasurementReport';

// A PACS's SRs as the cohort reads them: two readers (Ben signed twice: amended), a learner's quiz read,
// an adjudication and a file that is no DICOM.
const KEYS = ['bl', 'fu1', 'fu2'] as const;
const ANN: ReadSession = { ...FIXTURE_SESSION, readerName: 'Dr Ann Reader' };
const BEN: ReadSession = { ...FIXTURE_SESSION, readerName: 'Dr Ben Reader' };

function reports(session: ReadSession, root: string, signedAt: Date | null, purpose: 'quiz' | null = null) {
  const output = engineOutput(session);
  return KEYS.map((key, index) => {
    const options = {
      ...writeOptions(key),
      now: signedAt ?? new Date('2026-12-01T09:00:00Z'),
      instanceUids: { series: `${root}.${index}`, sop: `${root}.${index}.1` },
      ...(signedAt ? { verification: { verifierName: session.readerName, at: signedAt } } : {}),
    };
    const bytes = purpose ? writePurposeReport(purpose, session, output, STUDY[key], options) : writeMeasurementReport(session, output, STUDY[key], options);
    return { name: `${root}.${index}.dcm`, bytes, ref: { studyInstanceUid: STUDY[key], seriesInstanceUid: `${root}.${index}`, sopInstanceUid: `${root}.${index}.1`, sopClassUid: COMPREHENSIVE_3D_SR } };
  });
}

describe('a PACS cohort from its SR files', () => {
  const ann = reports(ANN, '1.2.826.0.1.3680043.8.498.7101', new Date('2026-12-03T10:00:00Z'));
  const benFirst = reports(BEN, '1.2.826.0.1.3680043.8.498.7102', new Date('2026-12-03T11:00:00Z'));
  const benAmended = reports(BEN, '1.2.826.0.1.3680043.8.498.7103', new Date('2026-12-03T12:00:00Z'));
  const quiz = reports({ ...FIXTURE_SESSION, readerName: 'Leo Learner' }, '1.2.826.0.1.3680043.8.498.7104', null, 'quiz');
  const pair = { A: { readerName: ANN.readerName, session: ANN, output: engineOutput(ANN) }, B: { readerName: BEN.readerName, session: BEN, output: engineOutput(BEN) } };
  const result = adjudicate(compareTwoReads(pair), pair, {}, { adjudicator: 'Dr Ada Judge', signer: 'Dr Ada Judge', meaning: 'adjudicatedPerProtocol', at: '2026-12-03T15:00:00Z' });
  if (!result.ok) throw new Error(JSON.stringify(result.refusals));
  const adjudicationSr = writeAdjudicationReport(result.adjudication, {
    now: new Date('2026-12-03T15:00:01Z'),
    instanceUids: { series: '1.2.826.0.1.3680043.8.498.7105', sop: '1.2.826.0.1.3680043.8.498.7105.1' },
    study: studyContext('fu2'),
    reads: { A: ann.map((file) => file.ref), B: benAmended.map((file) => file.ref) },
  });
  const files = [...ann, ...benFirst, ...benAmended, ...quiz, { name: 'adjudication.dcm', bytes: adjudicationSr }, { name: 'broken.dcm', bytes: new TextEncoder().encode('not DICOM').buffer }];
  const found = cohortSrsIn(files);

  it('finds each reader’s read, not the quiz read, with its signed versions', () => {
    expect(found.reads.map((read) => [read.readerName, read.signedBy, read.signedVersions, read.patientId, read.patientName]).sort()).toEqual([
      ['Dr Ann Reader', 'Dr Ann Reader', 1, 'NADIR-P042', 'DOE^JANE'],
      ['Dr Ben Reader', 'Dr Ben Reader', 2, 'NADIR-P042', 'DOE^JANE'],
    ]);
    const ben = found.reads.find((read) => read.readerName === BEN.readerName)!;
    // the newest report of each study: the amended version's
    expect([...ben.srInstances].sort()).toEqual(benAmended.map((file) => file.ref.sopInstanceUid).sort());
    expect(ben.session.lesions.length).toBe(FIXTURE_SESSION.lesions.length);
    expect(ben.input.timepoints.length).toBe(3);
  });

  it('finds the adjudication with its adjudicator', () => {
    expect(found.adjudications.map((one) => [one.adjudicator, one.readers.A.name, one.readers.B.name])).toEqual([['Dr Ada Judge', 'Dr Ann Reader', 'Dr Ben Reader']]);
  });

  it('names the file that is not an SR', () => {
    expect(found.unreadable).toEqual([{ name: 'broken.dcm', message: expect.stringMatching(/^not readable as an SR: /) }]);
  });
});
