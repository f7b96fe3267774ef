import { describe, expect, it } from 'vitest';
import { diffReads, isEmptyDiff } from './diffReads';
import type { LesionDefinition, ReadSession } from './model';

const newLesion = (vascularPattern?: LesionDefinition['vascularPattern']): LesionDefinition => ({
  id: 'nl1',
  label: 'NL1',
  role: 'new',
  organ: 'liver',
  isLymphNode: false,
  firstStudyUid: '1.2.3',
  splitFrom: null,
  ...(vascularPattern ? { vascularPattern } : {}),
});
const read = (lesion: LesionDefinition): Pick<ReadSession, 'lesions' | 'observations' | 'timepoints'> => ({ lesions: [lesion], observations: {}, timepoints: [] });

// M-NEW-1: whether a new liver lesion is new HCC under mRECIST depends on its vascular pattern, so an
// import that changes only the pattern changes a verdict and must be listed for confirmation.
describe('diffReads: a changed vascular pattern is a change the reader sees', () => {
  it.each([
    ['typical', 'atypical', 'NL1: new, liver → new, liver, vascular pattern typical → atypical'],
    [undefined, 'typical', 'NL1: new, liver → new, liver, vascular pattern not recorded → typical'],
    ['notAssessed', undefined, 'NL1: new, liver → new, liver, vascular pattern notAssessed → not recorded'],
  ] as const)('%s → %s', (before, after, line) => {
    expect(diffReads(read(newLesion(before)), read(newLesion(after))).lines).toEqual([line]);
  });

  it('the same pattern is no change', () => {
    expect(isEmptyDiff(diffReads(read(newLesion('typical')), read(newLesion('typical'))))).toBe(true);
  });
});
