import { describe, expect, it } from 'vitest';
import { elementSites } from '../../../scripts/fuzz/mutate';
import { engineOutput, writeOptions } from '../../../tests/fixtures/srSession';
import { FIXTURE_SESSION, STUDY } from '../../../tests/fixtures/reportRead';
import { readMeasurementReports } from './readMeasurementReports';
import { valueRepresentationProblems } from './valueRepresentations';
import { writeMeasurementReport } from './writeMeasurementReport';

describe('SR values their value representation forbids are named (PS3.5 §6.2)', () => {
  it.each([
    { name: 'a 17-character Code Value', dataset: { ContentSequence: [{ ConceptNameCodeSequence: [{ CodeValue: 'X'.repeat(17) }] }] }, expected: ['a Code Value of 17 characters (SH allows 16)'] },
    { name: 'a frame number that is not whole', dataset: { ReferencedSOPSequence: [{ ReferencedFrameNumber: 'WWWW' }] }, expected: ['a Referenced Frame Number that is not a whole number (WWWW)'] },
    { name: 'an empty frame number in a list (fuzz seed 20261205, #228)', dataset: { ReferencedSOPSequence: [{ ReferencedFrameNumber: [1, null] }] }, expected: ['an empty Referenced Frame Number'] },
    { name: 'a 13-digit frame number', dataset: { ReferencedSOPSequence: [{ ReferencedFrameNumber: ['1', '1234567890123'] }] }, expected: ['a Referenced Frame Number that is not a whole number (1234567890123)'] },
    { name: 'valid values', dataset: { ContentSequence: [{ ConceptNameCodeSequence: [{ CodeValue: '277961009' }] }, { ReferencedSOPSequence: [{ ReferencedFrameNumber: [12, '3'] }] }] }, expected: [] },
  ])('$name', ({ dataset, expected }) => {
    expect(valueRepresentationProblems(dataset)).toEqual(expected);
  });

  // What the fuzz campaign found: a Couinaud code or a frame number replaced by 60,000 characters read
  // as an unknown site or another frame, with no problem listed.
  it.each(['x00080100', 'x00081160'])('every %s of a Nadir SR, made 60,000 characters long, is listed as a problem', (tag) => {
    const bytes = new Uint8Array(writeMeasurementReport(FIXTURE_SESSION, engineOutput(), STUDY.fu1, writeOptions('fu1')));
    const sites = elementSites(bytes).filter((site) => site.tag === tag && site.lengthBytes === 2);
    expect(sites.length).toBeGreaterThan(0);
    for (const site of sites) {
      const value = new TextEncoder().encode('W'.repeat(60000));
      const mutant = new Uint8Array(bytes.length - site.length + value.length);
      mutant.set(bytes.subarray(0, site.dataOffset));
      mutant.set(value, site.dataOffset);
      mutant.set(bytes.subarray(site.dataOffset + site.length), site.dataOffset + value.length);
      new DataView(mutant.buffer).setUint16(site.lengthOffset, value.length, true);
      // (the document's own title code, changed, makes it no measurement report: that is listed too)
      expect(readMeasurementReports([mutant.buffer]).problems, `${tag} at ${site.dataOffset}`).not.toEqual([]);
    }
  });
});
