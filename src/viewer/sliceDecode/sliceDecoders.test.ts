import { describe, expect, it } from 'vitest';
import type { InstanceMetadata } from '../../dicom/instanceMetadata';
import type { DecodedFrame, SliceReply, SliceRequest } from './protocol';
import { createSliceDecoders } from './sliceDecoders';

/** A decoder worker that answers each request as the real one does, and says whether it still runs. */
class FakeWorker extends EventTarget {
  terminated = false;
  postMessage(request: SliceRequest) {
    if (this.terminated) throw new Error('posted to a stopped worker');
    const reply = ((): SliceReply => {
      switch (request.nadir) {
        case 'open':
          return { id: request.id, kind: 'opened', header: new ArrayBuffer(4), transferSyntaxUid: '1.2.840.10008.1.2.1', metadata: {} as InstanceMetadata };
        case 'decode':
          return { id: request.id, kind: 'decoded', frame: {} as DecodedFrame };
        case 'release':
          return { id: request.id, kind: 'released' };
      }
    })();
    queueMicrotask(() => this.dispatchEvent(new MessageEvent('message', { data: reply })));
  }
  terminate() {
    this.terminated = true;
  }
}

function pool(count: number) {
  const started: FakeWorker[] = [];
  const decoders = createSliceDecoders(count, () => {
    const worker = new FakeWorker();
    started.push(worker);
    return worker as unknown as Worker;
  });
  const running = () => started.filter((worker) => !worker.terminated).length;
  return { decoders, started, running };
}

const opened = async (decoders: ReturnType<typeof pool>['decoders']) => {
  const slice = await decoders.open('slice.dcm', new ArrayBuffer(8));
  if (slice.kind !== 'opened') throw new Error(`expected an opened slice, got ${slice.kind}`);
  return slice;
};

describe('the slice decoders at rest', () => {
  it('stop once nothing is left to decode, and start again when a slice comes', async () => {
    const { decoders, started, running } = pool(2);
    expect(running()).toBe(2);
    const slice = await opened(decoders);
    await slice.decode({} as never, {} as never, null);
    decoders.rest();
    expect(running()).toBe(0);
    // the next slice starts a decoder again, and is decoded there
    const next = await opened(decoders);
    expect([started.length, running()]).toEqual([3, 1]);
    await next.decode({} as never, {} as never, null);
  });

  it('keep a decoder that holds an opened slice until it is decoded or let go', async () => {
    const { decoders, running } = pool(2);
    // opened at once: one in each decoder, the least busy
    const [held, other] = await Promise.all([opened(decoders), opened(decoders)]);
    decoders.rest();
    // both hold a slice's bytes: stopping either would lose them
    expect(running()).toBe(2);
    other.release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    decoders.rest();
    expect(running()).toBe(1);
    await held.decode({} as never, {} as never, null);
    decoders.rest();
    expect(running()).toBe(0);
  });

  it('start every stopped decoder when woken, while the slices are still on their way', async () => {
    const { decoders, started, running } = pool(2);
    decoders.rest();
    expect(running()).toBe(0);
    decoders.wake();
    expect([started.length, running()]).toEqual([4, 2]);
    decoders.wake();
    expect(started.length).toBe(4);
  });
});
