import { describe, expect, it } from 'vitest';
import type { PatientInput } from '../domain/input';
import { assessPatient } from '../engine';
import { sdtmTables } from './sdtm';

const input: PatientInput = {
  patientId: 'P-VOL',
  criteria: ['RECIST1.1', 'vRECIST', 'qEASL'],
  timepoints: [
    { id: 'BL', date: '2024-01-10', modality: 'CT', lesions: [{ id: 'id-7f3a', label: 'L1', organ: 'liver', role: 'target', longAxisMm: 40, shortAxisMm: 30, volumeMl: 25.125, enhancingVolumeMl: 20 }] },
    { id: 'FU1', date: '2024-03-10', modality: 'CT', lesions: [{ id: 'id-7f3a', label: 'L1', organ: 'liver', role: 'target', longAxisMm: 38, shortAxisMm: 29, volumeMl: 24, enhancingVolumeMl: 4.5 }] },
  ],
};

function tables() {
  const reply = assessPatient(input);
  if (!reply.ok) throw new Error(JSON.stringify(reply.problems));
  const { tu, tr } = sdtmTables('NADIR', [{ input, output: reply.output }]);
  const rowsOf = (table: typeof tr) => table.rows.map((row) => Object.fromEntries(table.header.map((name, index) => [name, row[index]])));
  return { tu: rowsOf(tu), tr: rowsOf(tr) };
}

describe('SDTM TU and TR of a read with volumes (V-1, QE-1)', () => {
  it('writes each lesion\'s volume and viable volume in mL, beside its axes in mm', () => {
    const measured = tables().tr.filter((row) => row['VISIT'] === 'FU1' && row['TRLNKID'] === 'L1' && row['TRTESTCD'] !== 'TUMSTATE');
    expect(measured.map((row) => [row['TRTESTCD'], row['TRSTRESN'], row['TRSTRESU']])).toEqual([
      ['LDIAM', 38, 'mm'],
      ['LPERP', 29, 'mm'],
      ['VOLUME', 24, 'mL'],
      ['VIAVOL', 4.5, 'mL'],
    ]);
  });

  it('links the lesion by the reader\'s label, one TU row for it', () => {
    expect(tables().tu.map((row) => row['TULNKID'])).toEqual(['L1']);
  });
});
