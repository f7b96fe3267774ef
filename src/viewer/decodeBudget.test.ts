import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { retrieveThenDecode, withTimeout } from './decodeBudget';

const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('the decode budget', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('does not count the time the instance spends on the network', async () => {
    const slice = retrieveThenDecode(() => after(45_000, undefined), () => after(1_000, 'decoded'), 30_000);
    await vi.advanceTimersByTimeAsync(46_000);
    await expect(slice).resolves.toBe('decoded');
  });

  it('names a decoding that takes longer than the budget, once the instance is in', async () => {
    const slice = retrieveThenDecode(() => after(10_000, undefined), () => new Promise<string>(() => {}), 30_000);
    const failed = expect(slice).rejects.toThrow('decoding did not finish within 30 s');
    let settled = false;
    slice.catch(() => (settled = true));
    // 10 s on the network and 29.999 s decoding: still within the budget
    await vi.advanceTimersByTimeAsync(39_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(2);
    await failed;
  });

  it('passes a failed retrieval on as it is', async () => {
    const refused = new Error('could not be retrieved: HTTP 404');
    await expect(retrieveThenDecode(() => Promise.reject(refused), () => Promise.resolve('never'))).rejects.toBe(refused);
  });

  it('times out a decoder that never answers (a local slice: reading the file is the decoder’s)', async () => {
    const slice = withTimeout(new Promise<never>(() => {}), 30_000);
    const failed = expect(slice).rejects.toThrow('decoding did not finish within 30 s');
    await vi.advanceTimersByTimeAsync(30_001);
    await failed;
  });
});
