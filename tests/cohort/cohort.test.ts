import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { PATIENT, STUDIES } from '../../scripts/sample-data/design';
import { exchangeInput } from '../../scripts/sample-data/groundTruth';
import { mulberry32, syntheticPatient } from '../../workers/bench/cohort';
import { CRITERIA_NAMES } from '../../workers/domain/input';
import type { PatientOutput } from '../../workers/domain/result';
import { assessPatient, assessRead } from '../../workers/engine';
import { toExchangeInput } from '../../workers/read/toExchangeInput';
import { CRITERION_LABELS } from '../../workers/report/reportModel';
import { toJsonExport } from '../../workers/report/jsonExport';
import { FIXTURE_SESSION } from '../fixtures/reportRead';
import { phantomRead } from '../fixtures/phantomRead';

/**
 * `npm run cohort` run for real (a child process, the engine in worker threads) over a folder of
 * exchange inputs (the phantom's ground truth, every worked example of docs/criteria.md, a few synthetic
 * patients), nadir-read exports (the phantom read, the report fixture read) and one invalid file. Every
 * RS row must say what the engine says for that patient: computed here directly, as the app computes it.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

const workedExamples = [...readFileSync(join(root, 'docs/criteria.md'), 'utf8').matchAll(/^```json nadir-example\n([\s\S]*?)^```$/gm)].map(
  (match) => (JSON.parse(match[1] ?? '') as { input: { patientId: string } }).input,
);
const phantomExchange = { ...exchangeInput(STUDIES.filter((study) => study.modality === 'CT'), PATIENT.id), patientId: 'PHANTOM-EXCHANGE' };
const random = mulberry32(15);
const synthetic = Array.from({ length: 6 }, (_, index) => syntheticPatient(index, random));
const hostileId = '<img src=x onerror=alert(1)>&"';
const hostile = { patientId: hostileId, criteria: ['RECIST1.1'], timepoints: [
  { id: 'BL', date: '2024-01-10', lesions: [{ id: '<b>L1</b>', role: 'target', organ: '=cmd()', longAxisMm: 40 }] },
  { id: 'FU1', date: '2024-03-06', lesions: [{ id: '<b>L1</b>', role: 'target', organ: '=cmd()', longAxisMm: 20 }] }] };
// the phantom read again, under a protocol that requires confirmation (BOR-3), as the app saved it
const confirmedPhantom = { ...phantomRead(), readId: 'read-phantom-confirmed', patientId: 'PHANTOM-CONFIRMED', protocol: { requireConfirmation: true, minSdDurationDays: 42, whoProgressionMode: 'sum' as const } };
const reads = [phantomRead(), FIXTURE_SESSION, confirmedPhantom];

/** What the app shows for each patient: a read through toExchangeInput and assessRead, an exchange input through assessPatient. */
const expectedOutputs = new Map<string, PatientOutput>();
for (const input of [phantomExchange, ...workedExamples, ...synthetic, hostile]) {
  const reply = assessPatient(input);
  if (!reply.ok) throw new Error(`fixture rejected: ${JSON.stringify(reply.problems)}`);
  expectedOutputs.set(reply.output.patientId, reply.output);
}
for (const read of reads) {
  const reply = assessRead(toExchangeInput(read));
  if (!reply.ok) throw new Error('read rejected');
  expectedOutputs.set(read.patientId, reply.output);
}

/** RFC 4180 as the command writes it (after the UTF-8 byte-order mark). */
function parseCsv(withBom: string): Record<string, string>[] {
  const text = withBom.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    const next = text[index + 1];
    if (quoted && char === '"' && next === '"') {
      cell += '"';
      index += 1;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && char === ',') {
      endCell();
    } else if (!quoted && char === '\r' && next === '\n') {
      endCell();
      rows.push(row);
      row = [];
      index += 1;
    } else {
      cell += char;
    }
  }
  const [header = [], ...body] = rows;
  return body.map((cells) => Object.fromEntries(header.map((name, column) => [name, cells[column] ?? ''])));
}

/** The CDISC term of each engine category (RSSTRESC); ND has none. */
const TERM: Record<string, string> = {
  CR: 'CR', PR: 'PR', SD: 'SD', PD: 'PD', NE: 'NE', 'NonCR/NonPD': 'NON-CR/NON-PD', ND: '',
  iCR: 'iCR', iPR: 'iPR', iSD: 'iSD', iUPD: 'iUPD', iCPD: 'iCPD', 'iNonCR/NonPD': 'NON-iCR/NON-iUPD', Y: 'Y', N: 'N',
};

/** The RS rows a patient must have, straight from the engine's output. */
function expectedRs(output: PatientOutput): string[][] {
  return CRITERIA_NAMES.flatMap((name) => {
    const result = output.criteria[name];
    if (!result) return [];
    const category = CRITERION_LABELS[name];
    return [
      ...result.timepoints.flatMap((tp) => [
        ['TRGRESP', category, tp.targetResponse, tp.id, tp.date],
        ['NTRGRESP', category, tp.nonTargetResponse, tp.id, tp.date],
        ['NEWLPROG', category, tp.newLesions ? 'Y' : 'N', tp.id, tp.date],
        ['OVRLRESP', category, tp.overallResponse, tp.id, tp.date],
      ]),
      ['BESTRESP', category, result.bestOverallResponse, '', ''],
    ];
  });
}

let inputDir = '';
let outputDir = '';
let outcome: { code: number; stdout: string; stderr: string };
const output = (name: string) => readFileSync(join(outputDir, name), 'utf8');

async function cohortCommand(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', join(root, 'src/cli/cohort.ts'), ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  inputDir = mkdtempSync(join(tmpdir(), 'nadir-cohort-in-'));
  outputDir = join(mkdtempSync(join(tmpdir(), 'nadir-cohort-out-')), 'out');
  const write = (name: string, value: unknown) => writeFileSync(join(inputDir, name), JSON.stringify(value));
  write('phantom-exchange.json', phantomExchange);
  workedExamples.forEach((input, index) => write(`example-${String(index).padStart(2, '0')}.json`, input));
  synthetic.forEach((input, index) => write(`synthetic-${index}.json`, input));
  write('hostile.json', hostile);
  reads.forEach((read) => write(`nadir-${read.patientId}.json`, toJsonExport(read, expectedOutputs.get(read.patientId) ?? null, '2026-12-03T09:00:00Z')));
  write('zz-invalid.json', { patientId: 'BROKEN', timepoints: [{ id: 'BL', date: '2024-01-10', lesions: [{ id: 'L1', role: 'target', longAxisMm: -4 }] }] });
  writeFileSync(join(inputDir, 'zz-not-json.json'), '{ "patientId": ');
  outcome = await cohortCommand([inputDir, outputDir, '--study-id', 'TRIAL-015']);
}, 60_000);

describe('npm run cohort', () => {
  it('names each invalid file with the JSON path of the problem, skips it, and says so in its exit code (1)', () => {
    expect(outcome.stderr).toContain('cohort: skipped zz-invalid.json: $.timepoints[0].lesions[0].longAxisMm:');
    expect(outcome.stderr).toMatch(/cohort: skipped zz-not-json\.json: \$: not JSON/);
    expect(outcome.stderr.trim().split('\n')).toHaveLength(2);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toContain(`${expectedOutputs.size} patients assessed, 2 files skipped`);
  });

  it('writes RS rows that say, for every patient, what the engine says (the app for reads)', () => {
    const rows = parseCsv(output('rs.csv'));
    expect(new Set(rows.map((row) => row.USUBJID))).toEqual(new Set(expectedOutputs.keys()));
    for (const [patientId, engineOutput] of expectedOutputs) {
      const mine = rows.filter((row) => row.USUBJID === patientId);
      expect(mine.map((row) => [row.RSTESTCD, row.RSCAT, row.RSORRES, row.VISIT, row.RSDTC]), patientId).toEqual(expectedRs(engineOutput));
      expect(mine.map((row) => row.RSSEQ), patientId).toEqual(mine.map((_, index) => String(index + 1)));
    }
    for (const row of rows) {
      expect(row.RSSTRESC, `${row.USUBJID} ${row.RSTESTCD} ${row.RSORRES}`).toBe(TERM[row.RSORRES!]);
      expect([row.STUDYID, row.DOMAIN]).toEqual(['TRIAL-015', 'RS']);
    }
  });

  it('covers the phantom read with its hand-worked responses (scripts/sample-data/EXPECTED.md)', () => {
    const expected = JSON.parse(readFileSync(join(root, 'sample-data/phantom-net-01/expected-responses.json'), 'utf8')) as { criteria: Record<string, { bestOverallResponse: string }> };
    const best = parseCsv(output('rs.csv')).filter((row) => row.USUBJID === PATIENT.id && row.RSTESTCD === 'BESTRESP');
    expect(Object.fromEntries(best.map((row) => [row.RSCAT, row.RSORRES]))).toEqual(
      Object.fromEntries(Object.entries(expected.criteria).map(([name, value]) => [CRITERION_LABELS[name as keyof typeof CRITERION_LABELS], value.bestOverallResponse])),
    );
  });

  it('assesses each read under the protocol saved with it: the phantom\'s PR at FU1 is unconfirmed (FU2 is PD), so SD is its best', () => {
    const bestOf = (patientId: string) => Object.fromEntries(parseCsv(output('rs.csv')).filter((row) => row.USUBJID === patientId && row.RSTESTCD === 'BESTRESP').map((row) => [row.RSCAT, row.RSORRES]));
    expect(bestOf(PATIENT.id)).toMatchObject({ EASL: 'PR', mRECIST: 'PR', Choi: 'PR', 'RECIST 1.1': 'SD' });
    expect(bestOf('PHANTOM-CONFIRMED')).toMatchObject({ EASL: 'SD', mRECIST: 'SD', Choi: 'SD', 'RECIST 1.1': 'SD' });
  });

  it('writes TU with one row per lesion and TR with the sums in their units, one header row each, UTF-8', () => {
    for (const name of ['tu.csv', 'tr.csv', 'rs.csv', 'waterfall.csv', 'spider.csv']) expect(output(name).startsWith('\uFEFF'), name).toBe(true);
    const tu = parseCsv(output('tu.csv'));
    const phantomLesions = new Set(phantomExchange.timepoints.flatMap((tp) => tp.lesions.map((lesion) => lesion.id)));
    const phantomTu = tu.filter((row) => row.USUBJID === 'PHANTOM-EXCHANGE');
    expect(phantomTu.map((row) => row.TULNKID).sort()).toEqual([...phantomLesions].sort());
    expect(new Set(phantomTu.map((row) => `${row.TUTESTCD} ${row.TUMETHOD}`))).toEqual(new Set(['TUMIDENT CT SCAN']));
    const tr = parseCsv(output('tr.csv')).filter((row) => row.USUBJID === 'PHANTOM-EXCHANGE');
    const sums = tr.filter((row) => row.VISIT === 'FU1' && /^SUM/.test(row.TRTESTCD!));
    const engine = expectedOutputs.get('PHANTOM-EXCHANGE')!.criteria;
    expect(sums.map((row) => [row.TRCAT, row.TRTESTCD, Number(row.TRSTRESN), row.TRSTRESU])).toEqual([
      ['RECIST 1.1', 'SUMDIAM', engine['RECIST1.1']!.timepoints[0]!.targetSum, 'mm'],
      ['WHO', 'SUMPDIAM', engine.WHO!.timepoints[0]!.targetSum, 'mm2'],
      ['EASL', 'SUMPDIAM', engine.EASL!.timepoints[0]!.targetSum, 'mm2'],
      ['mRECIST', 'SUMDIAM', engine.mRECIST!.timepoints[0]!.targetSum, 'mm'],
      ['Choi', 'SUMDIAM', engine.Choi!.timepoints[0]!.targetSum, 'mm'],
      ['iRECIST', 'SUMDIAM', engine.iRECIST!.timepoints[0]!.targetSum, 'mm'],
    ]);
  });

  it('waterfall.csv holds the best change from baseline before progression, per patient and criterion', () => {
    const bars = parseCsv(output('waterfall.csv'));
    const recist = expectedOutputs.get('PHANTOM-EXCHANGE')!.criteria['RECIST1.1']!;
    const best = Math.min(...recist.timepoints.filter((tp) => !tp.afterProgression).map((tp) => tp.changeFromBaselinePct!));
    expect(bars.find((row) => row.USUBJID === 'PHANTOM-EXCHANGE' && row.criterion === 'RECIST 1.1')?.best_change_from_baseline_pct).toBe(String(best));
  });

  it('draws the plots with their titles, axis labels and threshold lines, and escapes every input text in the page', () => {
    const waterfall = output('waterfall.svg');
    for (const text of ['RECIST 1.1: best change', 'Best change from baseline (%)', '-30 % response (R-TGT-2)', '+25 % over nadir: progression (WHO-3)']) expect(waterfall).toContain(text);
    expect(output('spider.svg')).toContain('Days from baseline');
    const html = output('cohort.html');
    expect(html).not.toMatch(/<script|<img|<b>/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&amp;&quot;');
    expect(html.match(/<svg/g)).toHaveLength(2);
  });

  it('writes nothing and exits 2 when no file can be assessed', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'nadir-cohort-bad-'));
    writeFileSync(join(empty, 'a.json'), '[]');
    const failed = await cohortCommand([empty, join(empty, 'out')]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('cohort: skipped a.json: $: one patient per file expected');
  });
});
