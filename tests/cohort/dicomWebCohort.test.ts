import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAdjudicationReport } from '../../src/dicom/sr/adjudicationReport';
import type { SrInstanceRef } from '../../src/dicom/sr/nadirReads';
import { COMPREHENSIVE_3D_SR } from '../../src/dicom/sr/codes';
import { writeMeasurementReport } from '../../src/dicom/sr/writeMeasurementReport';
import { adjudicate } from '../../workers/adjudicate/adjudication';
import { compareTwoReads, type Pair, type ReadUnderReview } from '../../workers/adjudicate/compareReads';
import { rsEntries } from '../../workers/cohort/sdtm';
import type { ReadSession } from '../../workers/read/model';
import { CRITERION_LABELS } from '../../workers/report/reportModel';
import { FIXTURE_SESSION, STUDY } from '../fixtures/reportRead';
import { engineOutput, studyContext, writeOptions } from '../fixtures/srSession';
import { startAuthProxy } from '../e2e/authProxy';
import { startOrthanc, uploadFiles, type RunningOrthanc } from '../pacs/orthanc';

/**
 * `npm run cohort -- --dicomweb URL` for real (a child process) against a real Orthanc holding two
 * readers' signed SRs of one patient, which disagree at FU1 (RECIST 1.1 SD against PR): without an
 * adjudication the patient is named and not exported; with one choosing the second reader, every RS row
 * of the patient is that reader's verdict.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const KEYS = ['bl', 'fu1', 'fu2'] as const;

const fu1 = FIXTURE_SESSION.observations[STUDY.fu1]!;
const l1 = fu1['les-a']!;
const BEN: ReadSession = { ...FIXTURE_SESSION, readerName: 'Dr Ben Reader', observations: { ...FIXTURE_SESSION.observations, [STUDY.fu1]: { ...fu1, 'les-a': l1.status === 'present' && l1.whole ? { ...l1, whole: { ...l1.whole, longAxisMm: 30 } } : l1 } } };
const ANN: ReadSession = { ...FIXTURE_SESSION, readerName: 'Dr Ann Reader' };

function signedReports(session: ReadSession, seriesRoot: string): { refs: SrInstanceRef[]; bytes: ArrayBuffer[] } {
  const output = engineOutput(session);
  const refs = KEYS.map((key, index) => ({ studyInstanceUid: STUDY[key], seriesInstanceUid: `${seriesRoot}.${index}`, sopInstanceUid: `${seriesRoot}.${index}.1`, sopClassUid: COMPREHENSIVE_3D_SR }));
  const bytes = KEYS.map((key, index) =>
    writeMeasurementReport(session, output, STUDY[key], {
      ...writeOptions(key),
      instanceUids: { series: refs[index]!.seriesInstanceUid, sop: refs[index]!.sopInstanceUid },
      verification: { verifierName: session.readerName, at: new Date('2026-12-03T10:00:00Z') },
    }),
  );
  return { refs, bytes };
}

async function cohort(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', join(root, 'src/cli/cohort.ts'), ...args], { cwd: root, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    return error as { code: number; stdout: string; stderr: string };
  }
}

function rsRows(csv: string): Record<string, string>[] {
  const [header, ...rows] = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n').map((line) => line.split(','));
  return rows.map((row) => Object.fromEntries(header!.map((name, index) => [name, row[index] ?? ''])));
}

describe('npm run cohort -- --dicomweb: the adjudicated read wins', () => {
  let dir: string;
  let orthanc: RunningOrthanc;
  const ann = signedReports(ANN, '1.2.826.0.1.3680043.8.498.8101');
  const ben = signedReports(BEN, '1.2.826.0.1.3680043.8.498.8102');
  const upload = async (name: string, files: ArrayBuffer[]) => {
    const paths = files.map((bytes, index) => {
      const path = join(dir, `${name}-${index}.dcm`);
      writeFileSync(path, new Uint8Array(bytes));
      return path;
    });
    expect((await uploadFiles(orthanc.port, paths)).failures).toEqual([]);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nadir-cohort-pacs-'));
    orthanc = await startOrthanc(join(dir, 'orthanc'));
    await upload('ann', ann.bytes);
    await upload('ben', ben.bytes);
  }, 60_000);

  afterAll(async () => {
    await orthanc?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('names a patient with two readers and no adjudication, and exports nothing for it', async () => {
    const outcome = await cohort(['--dicomweb', orthanc.dicomWebUrl, join(dir, 'out-before')]);
    expect(outcome.code, outcome.stderr).toBe(2);
    expect(outcome.stderr).toContain('cohort: skipped PACS patient NADIR-P042: $: 2 readers (Dr Ann Reader, Dr Ben Reader) and no adjudication: adjudicate first');
  }, 120_000);

  it('exports the adjudicated responses once the adjudication is on the server: RS FU1 is PR, B’s', async () => {
    const reads: Pair<ReadUnderReview> = { A: { readerName: ANN.readerName, session: ANN, output: engineOutput(ANN) }, B: { readerName: BEN.readerName, session: BEN, output: engineOutput(BEN) } };
    const comparison = compareTwoReads(reads);
    const decisions = Object.fromEntries(comparison.criteria.filter((c) => !c.agrees).map((c) => [c.criterion, { chosen: 'B' as const, reason: 'L1 measured across its whole extent' }]));
    const result = adjudicate(comparison, reads, decisions, { adjudicator: 'Dr Ada Judge', signer: 'Dr Ada Judge', meaning: 'adjudicatedPerProtocol', at: '2026-12-03T15:00:00.000Z' });
    if (!result.ok) throw new Error(JSON.stringify(result.refusals));
    const sr = writeAdjudicationReport(result.adjudication, {
      now: new Date('2026-12-03T15:00:01Z'),
      instanceUids: { series: '1.2.826.0.1.3680043.8.498.8103', sop: '1.2.826.0.1.3680043.8.498.8103.1' },
      study: studyContext('fu2'),
      reads: { A: ann.refs, B: ben.refs },
    });
    await upload('adjudication', [sr]);

    const out = join(dir, 'out');
    const outcome = await cohort(['--dicomweb', orthanc.dicomWebUrl, out, '--study-id', 'TRIAL-015']);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toContain('cohort: 1 patient from');
    expect(outcome.stdout).toContain('(1 adjudicated)');
    const rs = rsRows(readFileSync(join(out, 'rs.csv'), 'utf8')).filter((row) => row.USUBJID === 'NADIR-P042');
    const recistFu1 = rs.find((row) => row.RSCAT === 'RECIST 1.1' && row.RSTESTCD === 'OVRLRESP' && row.VISIT === 'FU1')!;
    expect([recistFu1.RSORRES, recistFu1.RSSTRESC]).toEqual(['PR', 'PR']);
    expect(reads.A.output.criteria['RECIST1.1']!.timepoints[0]!.overallResponse).toBe('SD');
    // every RS row is the chosen read's verdict, as the app shows it for that read
    const expected = rsEntries(reads.B.output).map((entry) => [CRITERION_LABELS[entry.criterion], entry.testCode, entry.result, entry.visit ?? '']);
    expect(rs.map((row) => [row.RSCAT, row.RSTESTCD, row.RSORRES, row.VISIT])).toEqual(expected);
  }, 120_000);

  it('reads a PACS behind a proxy that wants a token, with the token from the environment only', async () => {
    const TOKEN = 'corelab-token-7f3a';
    const proxy = await startAuthProxy(orthanc.port, 'http://127.0.0.1:1', `Bearer ${TOKEN}`);
    try {
      const url = `${proxy.origin}/dicom-web`;
      const without = await cohort(['--dicomweb', url, join(dir, 'out-no-auth')]);
      expect(without.code).toBe(2);
      expect(without.stderr).toContain('cohort: the PACS asks for credentials: run with --auth bearer (token in NADIR_DICOMWEB_TOKEN) or --auth basic');
      const unset = await cohort(['--dicomweb', url, '--auth', 'bearer', join(dir, 'out-unset')], { NADIR_DICOMWEB_TOKEN: '' });
      expect(unset.stderr).toContain('--auth bearer reads the token from NADIR_DICOMWEB_TOKEN, which is not set');
      const wrong = await cohort(['--dicomweb', url, '--auth', 'bearer', join(dir, 'out-wrong')], { NADIR_DICOMWEB_TOKEN: 'stale-token' });
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain('cohort: the PACS refused the credentials of NADIR_DICOMWEB_TOKEN');
      expect(wrong.stderr + wrong.stdout).not.toContain('stale-token');
      const sent = proxy.requests.length;
      const right = await cohort(['--dicomweb', url, '--auth', 'bearer', join(dir, 'out-token')], { NADIR_DICOMWEB_TOKEN: TOKEN });
      expect(right.code, right.stderr).toBe(0);
      expect(right.stdout).toContain('cohort: 1 patient from');
      expect(right.stderr + right.stdout).not.toContain(TOKEN);
      // every request of the run carried the token
      expect(proxy.requests.slice(sent).length).toBeGreaterThan(1);
      expect(proxy.requests.slice(sent).every((request) => request.authorized)).toBe(true);
    } finally {
      await proxy.close();
    }
  }, 120_000);
});
