import { describe, expect, it } from 'vitest';
import { createDecodeQueue, type SeriesLoadListener } from './decodeQueue';

/** A decoder the test finishes by hand, slice by slice, recording what it was asked for and when. */
function handDecoder() {
  const asked: string[] = [];
  const pending = new Map<string, { resolve(): void; reject(error: Error): void }>();
  const decode = ({ key }: Series, index: number) =>
    new Promise<void>((resolve, reject) => {
      asked.push(`${key}:${index}`);
      pending.set(`${key}:${index}`, { resolve, reject });
    });
  const settle = async (slice: string, error?: Error) => {
    const handle = pending.get(slice);
    if (!handle) throw new Error(`${slice} is not decoding (decoding: ${[...pending.keys()].join(', ')})`);
    pending.delete(slice);
    if (error) handle.reject(error);
    else handle.resolve();
    // let the queue's continuation run and hand out the next slice
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  const finishAll = async () => {
    while (pending.size > 0) await settle([...pending.keys()][0]!);
  };
  return { asked, decoding: () => [...pending.keys()], decode, settle, finishAll };
}

/** A series as the runtime hands it to the queue: an object, remembered weakly. */
interface Series {
  key: string;
}
const seriesNamed: Record<string, Series> = {};
const named = (key: string): Series => (seriesNamed[key] ??= { key });

function recorder() {
  const progress: string[] = [];
  const errors: string[] = [];
  const listener: SeriesLoadListener = {
    onProgress: (decoded, total, index) => progress.push(index === undefined ? `${decoded}/${total}` : `${decoded}/${total} (${index})`),
    onSliceError: (index, message) => errors.push(`${index}: ${message}`),
  };
  return { progress, errors, listener };
}

const describeError = (error: unknown) => (error instanceof Error ? error.message : String(error));
/** Lets the queue hand out slices: it does so a microtask after a series opens. */
const nextTurn = () => Promise.resolve();

describe('the decode queue', () => {
  it('keeps at most `concurrency` slices decoding, the displayed ones first', async () => {
    const decoder = handDecoder();
    const queue = createDecodeQueue(decoder.decode, 2, describeError);
    // both viewports open in one turn (one React commit): each one's first slice goes out first
    queue.open(named('base'), 5, 2, recorder().listener);
    queue.open(named('follow'), 3, 1, recorder().listener);
    expect(decoder.decoding()).toEqual([]);
    await nextTurn();
    expect(decoder.decoding()).toEqual(['base:2', 'follow:1']);
    await decoder.settle('follow:1');
    expect(decoder.decoding()).toEqual(['base:2', 'base:3']);
    await decoder.finishAll();
    expect(decoder.asked).toEqual(['base:2', 'follow:1', 'base:3', 'base:1', 'follow:2', 'follow:0', 'base:4', 'base:0']);
  });

  it('goes on with what is decoding when a second series opens a turn later', async () => {
    const decoder = handDecoder();
    const queue = createDecodeQueue(decoder.decode, 2, describeError);
    queue.open(named('base'), 5, 2, recorder().listener);
    await nextTurn();
    queue.open(named('follow'), 3, 1, recorder().listener);
    await nextTurn();
    expect(decoder.decoding()).toEqual(['base:2', 'base:3']);
    await decoder.settle('base:3');
    expect(decoder.decoding()).toEqual(['base:2', 'follow:1']);
  });

  it('decodes a slice scrolled to next, then its neighbours', async () => {
    const decoder = handDecoder();
    const queue = createDecodeQueue(decoder.decode, 1, describeError);
    const decoding = queue.open(named('base'), 10, 5, recorder().listener);
    await nextTurn();
    decoding.focus(0);
    await decoder.finishAll();
    expect(decoder.asked.slice(0, 4)).toEqual(['base:5', 'base:0', 'base:1', 'base:2']);
    expect(new Set(decoder.asked).size).toBe(10);
  });

  it('finishes a series no viewport shows after the shown ones', async () => {
    const decoder = handDecoder();
    const queue = createDecodeQueue(decoder.decode, 1, describeError);
    const left = queue.open(named('left'), 3, 1, recorder().listener);
    await nextTurn();
    left.leave();
    queue.open(named('shown'), 2, 0, recorder().listener);
    await decoder.finishAll();
    expect(decoder.asked).toEqual(['left:1', 'shown:0', 'shown:1', 'left:2', 'left:0']);
  });

  it('reports progress and resolves `done` once every slice was tried, failures included', async () => {
    const decoder = handDecoder();
    const queue = createDecodeQueue(decoder.decode, 3, describeError);
    const seen = recorder();
    const decoding = queue.open(named('base'), 3, 1, seen.listener);
    await nextTurn();
    let done = false;
    void decoding.done.then(() => (done = true));
    await decoder.settle('base:1');
    await decoder.settle('base:2', new Error('the decoder failed'));
    expect(done).toBe(false);
    await decoder.settle('base:0');
    expect(done).toBe(true);
    expect(seen.progress).toEqual(['0/3', '1/3 (1)', '2/3 (2)', '3/3 (0)']);
    expect(seen.errors).toEqual(['2: the decoder failed']);
  });

  it('tells each failure once: to the viewport listening, or else to the next that opens the series', async () => {
    const decoder = handDecoder();
    const queue = createDecodeQueue(decoder.decode, 2, describeError);
    const first = recorder();
    queue.open(named('base'), 2, 0, first.listener).leave();
    await nextTurn();
    await decoder.settle('base:0', new Error('bad pixel data'));
    const second = recorder();
    queue.open(named('base'), 2, 0, second.listener);
    await decoder.settle('base:1');
    const third = recorder();
    await queue.open(named('base'), 2, 0, third.listener).done;
    expect([first.errors, second.errors, third.errors]).toEqual([[], ['0: bad pixel data'], []]);
    expect(third.progress).toEqual(['2/2']);
    expect(decoder.asked).toEqual(['base:0', 'base:1']);
  });

  it('resolves at once for a series without slices', async () => {
    const queue = createDecodeQueue(handDecoder().decode, 2, describeError);
    await expect(queue.open(named('empty'), 0, 0, recorder().listener).done).resolves.toBeUndefined();
  });

  it('decodes nothing more of a closed series, tells its listener nothing more, and starts it afresh when opened again', async () => {
    const decoder = handDecoder();
    const queue = createDecodeQueue(decoder.decode, 2, describeError);
    const shown = recorder();
    queue.open(named('closed'), 4, 0, shown.listener);
    await nextTurn();
    queue.open(named('kept'), 2, 0, recorder().listener);
    expect(decoder.decoding()).toEqual(['closed:0', 'closed:1']);
    queue.close(named('closed'));
    // the slices in flight finish unheard; the next go to the series still open
    await decoder.settle('closed:0', new Error('cancelled'));
    await decoder.settle('closed:1');
    expect(decoder.decoding()).toEqual(['kept:0', 'kept:1']);
    await decoder.finishAll();
    expect(decoder.asked).toEqual(['closed:0', 'closed:1', 'kept:0', 'kept:1']);
    expect(shown.progress).toEqual(['0/4']);
    expect(shown.errors).toEqual([]);
    const again = recorder();
    queue.open(named('closed'), 4, 3, again.listener);
    await nextTurn();
    expect(again.progress).toEqual(['0/4']);
    expect(decoder.decoding()).toEqual(['closed:3', 'closed:2']);
    await decoder.finishAll();
  });
  it('is told it is idle once the last slice there was has been tried, and is busy until then', async () => {
    const decoder = handDecoder();
    let idle = 0;
    const queue = createDecodeQueue(decoder.decode, 2, describeError, () => (idle += 1));
    expect(queue.busy()).toBe(false);
    queue.open(named('idle-a'), 3, 0, recorder().listener);
    expect(queue.busy()).toBe(true);
    await nextTurn();
    await decoder.settle('idle-a:0');
    await decoder.settle('idle-a:1');
    // one slice still decoding: not idle
    expect([idle, queue.busy()]).toEqual([0, true]);
    await decoder.settle('idle-a:2', new Error('undecodable'));
    expect([idle, queue.busy()]).toEqual([1, false]);
    // a series opened later makes it busy again, and idle again once decoded
    queue.open(named('idle-b'), 1, 0, recorder().listener);
    await nextTurn();
    expect(queue.busy()).toBe(true);
    await decoder.finishAll();
    expect([idle, queue.busy()]).toEqual([2, false]);
  });
});
