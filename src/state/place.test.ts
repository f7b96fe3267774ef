import { describe, expect, it } from 'vitest';
import { emptyPlace, parsePlace, serializePlace, withSource, withView, type Place, type StudyView } from './place';
import { createPlaceStore } from './placeStore';

const view: StudyView = { seriesUid: '1.2.3.2', sliceIndex: 41, zoomPan: { parallelScale: 120.5, focalPoint: [1, -2.5, 300] } };
const full: Place = {
  sources: [
    { kind: 'samples', ids: ['phantom-net-01/01-baseline-ct', 'phantom-net-01/02-fu1-ct'] },
    { kind: 'pacs', studyUids: ['1.2.840.1'] },
    { kind: 'pacs', studyUids: ['1.2.840.2'], quiz: true },
    { kind: 'local', fileCount: 12 },
  ],
  timepoints: { baselineUid: '1.2.3', followUpUid: '1.2.4' },
  views: new Map([
    ['1.2.3', view],
    ['1.2.4', { seriesUid: '1.2.4.1', sliceIndex: 0, zoomPan: null }],
  ]),
};

/** A stored record with one field replaced: each must be refused whole. */
const tampered = (change: Record<string, unknown>) => JSON.stringify({ ...JSON.parse(serializePlace(full)), ...change });

describe('place record', () => {
  it.each([
    ['a full place', full],
    ['an empty place', emptyPlace()],
    ['no follow-up', { ...emptyPlace(), timepoints: { baselineUid: '1.2.3', followUpUid: null } }],
    ['samples opened as a quiz', { ...emptyPlace(), sources: [{ kind: 'samples' as const, ids: ['phantom-net-01/01-baseline-ct'], quiz: true as const }] }],
  ])('round-trips %s', (_name, place) => {
    expect(parsePlace(serializePlace(place))).toEqual(place);
  });

  it.each([
    ['nothing stored', null],
    ['empty text', ''],
    ['not JSON', '{"version":1,'],
    ['JSON null', 'null'],
    ['an array', '[]'],
    ['a number', '42'],
    ['another version', tampered({ version: 2 })],
    ['no version', JSON.stringify({ sources: [], timepoints: null, views: [] })],
    ['sources not a list', tampered({ sources: {} })],
    ['an unknown source kind', tampered({ sources: [{ kind: 'url', href: 'https://evil.example/' }] })],
    ['sample ids not strings', tampered({ sources: [{ kind: 'samples', ids: [1, 2] }] })],
    ['a quiz flag that is not true', tampered({ sources: [{ kind: 'samples', ids: ['a'], quiz: 'yes' }] })],
    ['an empty sample id', tampered({ sources: [{ kind: 'samples', ids: [''] }] })],
    ['a huge id', tampered({ sources: [{ kind: 'pacs', studyUids: ['1'.repeat(10_000)] }] })],
    ['too many ids', tampered({ sources: [{ kind: 'pacs', studyUids: Array.from({ length: 501 }, (_, index) => `1.${index}`) }] })],
    ['a negative file count', tampered({ sources: [{ kind: 'local', fileCount: -3 }] })],
    ['a fractional file count', tampered({ sources: [{ kind: 'local', fileCount: 2.5 }] })],
    ['a file count as text', tampered({ sources: [{ kind: 'local', fileCount: '12' }] })],
    ['timepoints without a baseline', tampered({ timepoints: { followUpUid: '1.2' } })],
    ['a follow-up as a number', tampered({ timepoints: { baselineUid: '1.2', followUpUid: 4 } })],
    ['views as an object', tampered({ views: { '1.2.3': view } })],
    ['a view entry of three', tampered({ views: [['1.2.3', view, 'x']] })],
    ['a negative slice', tampered({ views: [['1.2.3', { ...view, sliceIndex: -1 }]] })],
    ['a slice as text', tampered({ views: [['1.2.3', { ...view, sliceIndex: '4' }]] })],
    ['a zero zoom scale', tampered({ views: [['1.2.3', { ...view, zoomPan: { parallelScale: 0, focalPoint: [0, 0, 0] } }]] })],
    ['a focal point of two', tampered({ views: [['1.2.3', { ...view, zoomPan: { parallelScale: 1, focalPoint: [0, 0] } }]] })],
    ['a focal point with text', tampered({ views: [['1.2.3', { ...view, zoomPan: { parallelScale: 1, focalPoint: [0, '0', 0] } }]] })],
    ['too many views', tampered({ views: Array.from({ length: 51 }, (_, index) => [`1.${index}`, view]) })],
    ['a huge record', `{"version":1,"pad":"${'x'.repeat(200_001)}"}`],
  ])('refuses %s', (_name, text) => {
    expect(parsePlace(text)).toBeNull();
  });

  it('keeps a "__proto__" study key as data, never as a prototype', () => {
    const place = parsePlace(tampered({ views: [['__proto__', view]] }));
    expect(place?.views.get('__proto__')).toEqual(view);
    expect(({} as Record<string, unknown>).seriesUid).toBeUndefined();
  });

  it.each([
    ['a first opening', [], { kind: 'samples', ids: ['a'] }, [{ kind: 'samples', ids: ['a'] }]],
    ['samples again, once each', [{ kind: 'samples', ids: ['a'] }], { kind: 'samples', ids: ['a', 'b'] }, [{ kind: 'samples', ids: ['a', 'b'] }]],
    ['a quiz stays a quiz when samples are added', [{ kind: 'samples', ids: ['a'], quiz: true }], { kind: 'samples', ids: ['b'] }, [{ kind: 'samples', ids: ['a', 'b'], quiz: true }]],
    ['samples become a quiz when opened as one', [{ kind: 'samples', ids: ['a'] }], { kind: 'samples', ids: ['a'], quiz: true }, [{ kind: 'samples', ids: ['a'], quiz: true }]],
    ['PACS studies again, once each', [{ kind: 'pacs', studyUids: ['1.1'] }], { kind: 'pacs', studyUids: ['1.1'] }, [{ kind: 'pacs', studyUids: ['1.1'] }]],
    ['a PACS quiz stays a quiz when studies are added', [{ kind: 'pacs', studyUids: ['1.1'], quiz: true }], { kind: 'pacs', studyUids: ['1.2'] }, [{ kind: 'pacs', studyUids: ['1.1', '1.2'], quiz: true }]],
    ['more local files, counted', [{ kind: 'local', fileCount: 3 }], { kind: 'local', fileCount: 2 }, [{ kind: 'local', fileCount: 5 }]],
    ['another kind, added', [{ kind: 'local', fileCount: 3 }], { kind: 'pacs', studyUids: ['1.1'] }, [{ kind: 'local', fileCount: 3 }, { kind: 'pacs', studyUids: ['1.1'] }]],
  ] as const)('records %s', (_name, before, added, after) => {
    expect(withSource(before.map((source) => ({ ...source })) as never, added as never)).toEqual(after);
  });

  it('keeps the newest views within the bound', () => {
    let views = new Map<string, StudyView>();
    for (let index = 0; index < 60; index++) views = withView(views, `1.${index}`, view);
    views = withView(views, '1.20', { ...view, sliceIndex: 3 });
    expect(views.size).toBe(50);
    expect(views.has('1.0')).toBe(false);
    expect([...views.keys()].at(-1)).toBe('1.20');
  });
});

describe('place store', () => {
  const memory = (text: string | null) => {
    const items = new Map<string, string>(text === null ? [] : [['nadir.place', text]]);
    return { items, storage: { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value) } };
  };
  const manualTimers = () => {
    const queue: (() => void)[] = [];
    return { queue, timers: { set: (run: () => void) => queue.push(run), clear: () => undefined } };
  };

  it('starts from the stored place, and from nothing when it is malformed or storage refuses', () => {
    expect(createPlaceStore(memory(serializePlace(full)).storage).initial).toEqual(full);
    expect(createPlaceStore(memory('{"version":1,"sources":"x"}').storage).initial).toEqual(emptyPlace());
    const refusing = { getItem: () => { throw new Error('SecurityError'); }, setItem: () => { throw new Error('QuotaExceeded'); } };
    const store = createPlaceStore(refusing);
    expect(store.initial).toEqual(emptyPlace());
    store.update((place) => ({ ...place, timepoints: { baselineUid: '1', followUpUid: null } }));
    expect(() => store.flush()).not.toThrow();
  });

  it('writes many changes once, a moment later, or at once on flush', () => {
    const { items, storage } = memory(null);
    const { queue, timers } = manualTimers();
    const store = createPlaceStore(storage, timers);
    for (let index = 0; index < 100; index++) store.update((place) => ({ ...place, views: withView(place.views, '1.2', { ...view, sliceIndex: index }) }));
    expect(queue).toHaveLength(1);
    expect(items.has('nadir.place')).toBe(false);
    queue[0]!();
    expect(parsePlace(items.get('nadir.place')!)?.views.get('1.2')?.sliceIndex).toBe(99);
    store.update((place) => ({ ...place, sources: [{ kind: 'local', fileCount: 1 }] }));
    store.flush();
    expect(parsePlace(items.get('nadir.place')!)?.sources).toEqual([{ kind: 'local', fileCount: 1 }]);
  });
});
