import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalesce } from './coalesce';

describe('coalesce', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('applies the latest of the values set within an interval once, at its end', () => {
    const applied: number[] = [];
    const progress = coalesce((value: number) => applied.push(value), 150);
    for (let decoded = 1; decoded <= 40; decoded++) progress.set(decoded, false);
    expect(applied).toEqual([]);
    vi.advanceTimersByTime(150);
    expect(applied).toEqual([40]);
    progress.set(41, false);
    vi.advanceTimersByTime(149);
    expect(applied).toEqual([40]);
    vi.advanceTimersByTime(1);
    expect(applied).toEqual([40, 41]);
  });

  it('applies a final value at once, and nothing waiting after it', () => {
    const applied: number[] = [];
    const progress = coalesce((value: number) => applied.push(value), 150);
    progress.set(299, false);
    progress.set(300, true);
    expect(applied).toEqual([300]);
    vi.advanceTimersByTime(1000);
    expect(applied).toEqual([300]);
  });

  it('drops what waits when cancelled', () => {
    const applied: number[] = [];
    const progress = coalesce((value: number) => applied.push(value), 150);
    progress.set(12, false);
    progress.cancel();
    vi.advanceTimersByTime(1000);
    expect(applied).toEqual([]);
  });
});
