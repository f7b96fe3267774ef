import { describe, expect, it } from 'vitest';
import { decodeOrder, outwardFrom, type SeriesDecodeState } from './decodeOrder';

describe('outwardFrom: the nearer slice first, toward the feet first at equal distance', () => {
  it.each([
    { focus: 2, count: 5, order: [2, 3, 1, 4, 0] },
    { focus: 0, count: 4, order: [0, 1, 2, 3] },
    { focus: 3, count: 4, order: [3, 2, 1, 0] },
    { focus: 1, count: 6, order: [1, 2, 0, 3, 4, 5] },
    { focus: 9, count: 3, order: [2, 1, 0] },
    { focus: -4, count: 3, order: [0, 1, 2] },
    { focus: 1.6, count: 4, order: [2, 3, 1, 0] },
    { focus: 0, count: 1, order: [0] },
    { focus: 0, count: 0, order: [] },
  ])('from $focus of $count: $order', ({ focus, count, order }) => {
    expect(outwardFrom(focus, count)).toEqual(order);
  });
});

const series = (sliceCount: number, focusIndex: number, shown = true, started: number[] = []): SeriesDecodeState => ({
  sliceCount,
  focusIndex,
  shown,
  started: new Set(started),
});
/** The order written as `series:index` pairs, to read like the rule. */
const written = (states: SeriesDecodeState[]) => decodeOrder(states).map(({ series: position, index }) => `${position}:${index}`);

describe('decodeOrder', () => {
  it.each([
    {
      rule: 'one series: the displayed slice, then outward',
      states: [series(5, 2)],
      order: ['0:2', '0:3', '0:1', '0:4', '0:0'],
    },
    {
      rule: "baseline's displayed slice, then the follow-up's, then both outward, the nearer first",
      states: [series(3, 1), series(4, 2)],
      order: ['0:1', '1:2', '0:2', '0:0', '1:3', '1:1', '1:0'],
    },
    {
      rule: 'a restored slice is the focus, not the middle',
      states: [series(4, 0), series(2, 1)],
      order: ['0:0', '1:1', '0:1', '1:0', '0:2', '0:3'],
    },
    {
      rule: 'scrolled to a slice not decoded: it comes first, and its neighbours next',
      states: [series(6, 4, true, [2, 3, 1])],
      order: ['0:4', '0:5', '0:0'],
    },
    {
      rule: 'a series whose focus is decoded does not hold back the other one',
      states: [series(3, 1, true, [1]), series(3, 0)],
      order: ['1:0', '0:2', '0:0', '1:1', '1:2'],
    },
    {
      rule: 'a series no viewport shows comes after every shown one, outward from where it was left',
      states: [series(3, 1, false, [1]), series(2, 0)],
      order: ['1:0', '1:1', '0:2', '0:0'],
    },
    {
      rule: 'everything started: nothing left',
      states: [series(2, 0, true, [0, 1]), series(1, 0, false, [0])],
      order: [],
    },
  ])('$rule', ({ states, order }) => {
    expect(written(states)).toEqual(order);
  });

  it('hands out every slice not started exactly once', () => {
    const states = [series(300, 150, true, [150, 10, 299]), series(280, 0), series(40, 39, false)];
    const order = decodeOrder(states);
    const keys = order.map(({ series: position, index }) => `${position}:${index}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(order.length).toBe(300 - 3 + 280 + 40);
  });
});
