import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dciodvfy, dsrdump } from '../../../tests/dicomValidators';
import { FIXTURE_SESSION, STUDY } from '../../../tests/fixtures/reportRead';
import { engineOutput, studyContext } from '../../../tests/fixtures/srSession';
import { adjudicate } from '../../../workers/adjudicate/adjudication';
import { compareTwoReads, type Pair, type ReadUnderReview } from '../../../workers/adjudicate/compareReads';
import type { ReadSession } from '../../../workers/read/model';
import { readAdjudicationReport, writeAdjudicationReport } from './adjudicationReport';
import type { SrInstanceRef } from './nadirReads';
import { readMeasurementReports } from './readMeasurementReports';
import { readPart10, sequence, text } from './dcmjsFacade';

const dir = mkdtempSync(join(tmpdir(), 'nadir-adj-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// B drew L1 at FU1 30 mm instead of 40: RECIST 1.1 FU1 is PR for B, SD for A
const fu1 = FIXTURE_SESSION.observations[STUDY.fu1]!;
const l1 = fu1['les-a']!;
const readB: ReadSession = { ...FIXTURE_SESSION, observations: { ...FIXTURE_SESSION.observations, [STUDY.fu1]: { ...fu1, 'les-a': l1.status === 'present' && l1.whole ? { ...l1, whole: { ...l1.whole, longAxisMm: 30 } } : l1 } } };
const under = (readerName: string, session: ReadSession): ReadUnderReview => ({ readerName, session, output: engineOutput(session) });
const reads: Pair<ReadUnderReview> = { A: under('Dr Ann Reader', FIXTURE_SESSION), B: under('Dr Ben Reader', readB) };
const comparison = compareTwoReads(reads);
const decisions = Object.fromEntries(comparison.criteria.filter((c) => !c.agrees).map((c) => [c.criterion, { chosen: 'B' as const, reason: 'B’s caliper spans the whole of L1 on FU1 — Ä' }]));
const result = adjudicate(comparison, reads, decisions, { adjudicator: 'Dr Ada Judge', signer: 'Dr Ada Judge', meaning: 'adjudicatedPerProtocol', at: '2026-12-03T15:01:02.003Z' });
if (!result.ok) throw new Error(JSON.stringify(result.refusals));
const instances = (prefix: string): SrInstanceRef[] =>
  (['bl', 'fu1', 'fu2'] as const).map((key, index) => ({ studyInstanceUid: STUDY[key], seriesInstanceUid: `${prefix}.${index}`, sopInstanceUid: `${prefix}.${index}.1`, sopClassUid: '1.2.840.10008.5.1.4.1.1.88.34' }));
const bytes = writeAdjudicationReport(result.adjudication, {
  now: new Date('2026-12-03T15:01:05Z'),
  instanceUids: { series: '1.2.826.0.1.3680043.8.498.7001', sop: '1.2.826.0.1.3680043.8.498.7001.1' },
  study: studyContext('fu2'),
  reads: { A: instances('1.2.826.0.1.3680043.8.498.81'), B: instances('1.2.826.0.1.3680043.8.498.82') },
});
const path = join(dir, 'adjudication.dcm');
writeFileSync(path, new Uint8Array(bytes));

describe('the adjudication SR', () => {
  it('passes dciodvfy with 0 errors', () => {
    const checked = dciodvfy(path);
    expect(checked.errors, checked.summary).toEqual([]);
    // its only warnings: the private coding scheme 99NADIR, declared in the SR, is not in dciodvfy's list
    expect(checked.warnings.every((warning) => warning.includes('<99NADIR>')), checked.summary).toBe(true);
  });

  it('is read by dsrdump: the adjudicator as observer, the choice, its reason and the verdicts', () => {
    const dumped = dsrdump(path);
    expect(dumped.status, dumped.stderr).toBe(0);
    expect(dumped.stdout).toContain('Comprehensive SR');
    expect(dumped.stdout).toMatch(/Person Observer Name.*="Dr Ada Judge\^"/);
    expect(dumped.stdout).toContain('Adjudication of two tumour-response reads');
    expect(dumped.stdout).toMatch(/Reason for the adjudicator's choice.*caliper spans the who/); // dsrdump shortens long texts
    expect(dumped.stdout).toMatch(/Reader of the read.*="Dr Ben Reader\^"/);
    expect(dumped.stdout).toContain('Partial Response');
  });

  it('is signed by the adjudicator and references both reads’ SRs (Pertinent Other Evidence)', () => {
    const dataset = readPart10(bytes);
    expect(text(dataset, 'VerificationFlag')).toBe('VERIFIED');
    expect(text(sequence(dataset, 'VerifyingObserverSequence')[0]!, 'VerifyingObserverName')).toBe('Dr Ada Judge^');
    const referenced = sequence(dataset, 'PertinentOtherEvidenceSequence').flatMap((study) =>
      sequence(study, 'ReferencedSeriesSequence').flatMap((series) => sequence(series, 'ReferencedSOPSequence').map((sop) => text(sop, 'ReferencedSOPInstanceUID'))),
    );
    expect(referenced.sort()).toEqual([...instances('1.2.826.0.1.3680043.8.498.81'), ...instances('1.2.826.0.1.3680043.8.498.82')].map((i) => i.sopInstanceUid).sort());
  });

  it('reads back as the adjudication written, and is no measurement report', () => {
    const back = readAdjudicationReport(bytes)!;
    expect(back).toMatchObject({ patientId: 'NADIR-P042', adjudicator: 'Dr Ada Judge', sopInstanceUid: '1.2.826.0.1.3680043.8.498.7001.1' });
    expect(back.readers.A).toEqual({ name: 'Dr Ann Reader', srInstances: instances('1.2.826.0.1.3680043.8.498.81').map((i) => i.sopInstanceUid) });
    expect(back.readers.B.name).toBe('Dr Ben Reader');
    expect(back.criteria).toEqual(result.adjudication.criteria);
    expect(back.criteria.find((c) => c.criterion === 'RECIST1.1')!.source).toMatchObject({ kind: 'chosen', read: 'B' });
    expect(readMeasurementReports([bytes]).studies).toHaveLength(0);
  });
});
