import { describe, expect, it } from 'vitest';
import type { LesionDefinition, ReadSession } from '../../workers/read/model';
import { labelForSite, newLesion, nextLabel } from './lesionFactory';

const lesion = (label: string, role: LesionDefinition['role'] = 'target', organ = 'liver'): LesionDefinition => ({ id: label, label, role, organ, isLymphNode: /lymph node/.test(organ), firstStudyUid: 'bl', splitFrom: null });
const session = (lesions: LesionDefinition[]) => ({ lesions }) as unknown as ReadSession;

describe('labels follow the lesion type', () => {
  it.each([
    ['a liver target after L1 is L2', [lesion('L1')], 'target', false, 'L2'],
    ['the first lymph node is N1, whatever the lesions', [lesion('L1'), lesion('L2')], 'target', true, 'N1'],
    ['a node non-target after N1 is N2', [lesion('N1', 'target', 'portocaval lymph node')], 'nontarget', true, 'N2'],
    ['a new lesion is NL1, also on a node', [lesion('L1')], 'new', true, 'NL1'],
    ['a gap is filled', [lesion('L2')], 'target', false, 'L1'],
  ] as const)('%s', (_name, lesions, role, isNode, expected) => {
    expect(nextLabel(session([...lesions]), role, isNode)).toBe(expected);
  });

  it('a site change renames an automatic label to the type, and keeps a label the reader wrote', () => {
    const l3 = lesion('L3');
    const read = session([lesion('L1'), lesion('L2'), l3]);
    expect(labelForSite(read, l3, 'retroperitoneal (para-aortic) lymph node')).toBe('N1');
    expect(labelForSite(read, l3, 'liver segment VI')).toBe('L3');
    expect(labelForSite(read, { ...l3, label: 'dome' }, 'portocaval lymph node')).toBe('dome');
  });

  it('a new lesion on a node site is flagged a node and labelled N', () => {
    expect(newLesion(session([]), 'x', 'bl', 'target', 'portocaval lymph node')).toMatchObject({ label: 'N1', isLymphNode: true });
  });
});
