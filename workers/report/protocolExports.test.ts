import { describe, expect, it } from 'vitest';
import { assessPatient } from '../engine';
import type { ReadSession } from '../read/model';
import { DEFAULT_PROTOCOL, type ReadProtocol } from '../read/protocol';
import { parseReadJson } from '../read/readFile';
import { toExchangeInput } from '../read/toExchangeInput';
import { FIXTURE_SESSION } from '../../tests/fixtures/reportRead';
import { toCsv } from './csv';
import { toJsonExport } from './jsonExport';
import { buildReportModel } from './reportModel';

/** Every export of a read names the protocol its verdicts were computed with (issue 15 §4). */
const exportsOf = (session: ReadSession) => {
  const reply = assessPatient(toExchangeInput(session));
  if (!reply.ok) throw new Error(JSON.stringify(reply.problems));
  const report = buildReportModel(session, reply.output, { generatedAt: '2024-07-12T10:00:00Z' });
  const timepoints = toCsv(report).timepoints.slice(1).split('\r\n').filter(Boolean).map((line) => line.split(','));
  const json = JSON.parse(JSON.stringify(toJsonExport(session, reply.output))) as unknown;
  return { report, header: timepoints[0]!, rows: timepoints.slice(1), json };
};

const { protocol: _none, ...older } = { ...FIXTURE_SESSION, protocol: DEFAULT_PROTOCOL };

describe('the exports of a read name its protocol', () => {
  it.each<[string, ReadSession, ReadProtocol, string, string[]]>([
    ['a read saved before protocols (the defaults)', older, DEFAULT_PROTOCOL, 'no confirmation required; SD ≥ 42 days (6 weeks); WHO PD by sum', ['no', '42', 'sum']],
    [
      'a read with confirmation, SD ≥ 8 weeks, WHO per lesion',
      { ...FIXTURE_SESSION, protocol: { requireConfirmation: true, minSdDurationDays: 56, whoProgressionMode: 'anyLesion' } },
      { requireConfirmation: true, minSdDurationDays: 56, whoProgressionMode: 'anyLesion' },
      'confirmation required; SD ≥ 56 days (8 weeks); WHO PD by sum or any lesion',
      ['yes', '56', 'anyLesion'],
    ],
  ])('%s', (_name, session, protocol, text, cells) => {
    const { report, header, rows, json } = exportsOf(session);
    // the report (screen and print)
    expect(report.header.protocol).toEqual(protocol);
    expect(report.header.protocolText).toBe(text);
    // the timepoint CSV: three columns, one table (every row as long as the header)
    const columns = ['protocol_require_confirmation', 'protocol_min_sd_duration_days', 'protocol_who_progression_mode'].map((column) => header.indexOf(column));
    expect(columns.every((index) => index >= 0)).toBe(true);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(columns.map((index) => row[index])).toEqual(cells);
    // the JSON: the read's settings, the engine input's options, and it reads back with them
    expect(json).toMatchObject({ read: { protocol }, input: { options: protocol } });
    const parsed = parseReadJson(json);
    expect(parsed.ok && parsed.read.protocol).toEqual(protocol);
  });
});
