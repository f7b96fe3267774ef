import { describe, expect, it } from 'vitest';
import type { ShownMeasurement } from '../../viewer/measurementLayer';
import type { BidirectionalMeasurement, Point3 } from '../../../workers/read/model';
import { labelledItems } from './coincidentLabels';

const caliper = (x: number, longAxisMm: number, series = 'arterial'): BidirectionalMeasurement => ({
  longAxisMm,
  shortAxisMm: 12,
  longAxis: [[x, 0, 0], [x + longAxisMm, 0, 0]] as [Point3, Point3],
  shortAxis: [[x + longAxisMm / 2, -6, 0], [x + longAxisMm / 2, 6, 0]] as [Point3, Point3],
  image: { studyInstanceUid: 'fu2', seriesInstanceUid: series, sopInstanceUid: `${series}.6`, frameNumber: null },
});

const item = (lesion: string, part: 'whole' | 'enhancing', measurement: BidirectionalMeasurement, extra: Partial<ShownMeasurement> = {}): ShownMeasurement => ({
  key: `reference|${lesion}|fu2|${part}`,
  part,
  label: `reference ${lesion.replace('reference-', '')}${part === 'enhancing' ? ' viable' : ''}`,
  measurement,
  selected: false,
  reference: true,
  ...extra,
});

const labels = (items: ShownMeasurement[]) => labelledItems(items).map((one) => `${one.label}${one.drawnOnLabel ? ` (on ${one.drawnOnLabel})` : ''}`);

describe("the labels of a reference lesion's calipers", () => {
  it.each<[string, ShownMeasurement[], string[]]>([
    [
      'whole (drawn on the portal series) and viable the same measurement: one label, shown as native',
      [item('reference-NL1', 'whole', caliper(10, 14, 'portal'), { drawnOnLabel: '3: PORTAL' }), item('reference-NL1', 'enhancing', caliper(10, 14))],
      ['reference NL1 (whole and viable)'],
    ],
    ['the same axes with their ends swapped are the same measurement', [item('reference-NL1', 'whole', caliper(10, 14)), item('reference-NL1', 'enhancing', { ...caliper(10, 14), longAxis: [[24, 0, 0], [10, 0, 0]] })], ['reference NL1 (whole and viable)']],
    ['both projected from elsewhere: one label, still marked as projected', [item('reference-NL1', 'whole', caliper(10, 14), { drawnOnLabel: '3: PORTAL' }), item('reference-NL1', 'enhancing', caliper(10, 14), { drawnOnLabel: '3: PORTAL' })], ['reference NL1 (whole and viable) (on 3: PORTAL)']],
    ['a viable part 0.02 mm shorter is another measurement: two labels', [item('reference-NL1', 'whole', caliper(10, 14)), item('reference-NL1', 'enhancing', { ...caliper(10, 13.98), longAxis: [[10, 0, 0], [23.98, 0, 0]] })], ['reference NL1', 'reference NL1 viable']],
    ['a viable part 1 mm aside: two labels', [item('reference-NL1', 'whole', caliper(10, 14)), item('reference-NL1', 'enhancing', caliper(11, 14))], ['reference NL1', 'reference NL1 viable']],
    ["another lesion's identical caliper is not merged", [item('reference-L1', 'whole', caliper(10, 14)), item('reference-L2', 'enhancing', caliper(10, 14))], ['reference L1', 'reference L2 viable']],
    ["the reader's own calipers keep both labels (each at its end)", [item('L1', 'whole', caliper(10, 14), { reference: false, key: 'L1|fu2|whole', label: 'L1' }), item('L1', 'enhancing', caliper(10, 14), { reference: false, key: 'L1|fu2|enhancing', label: 'L1 viable' })], ['L1', 'L1 viable']],
  ])('%s', (_, items, expected) => {
    expect(labels(items)).toEqual(expected);
  });
});
