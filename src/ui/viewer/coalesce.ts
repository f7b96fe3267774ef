/**
 * A value shown to a person, applied at most once per interval (the latest one) and at once when it
 * is final. A series' loading bar needs a few repaints a second; told of each of 300 slices, it
 * re-rendered its viewport 300 times, on the page thread the decoded slices come back to and while
 * the decoders needed the cores (issue 13 §3).
 */
export interface Coalesced<T> {
  set(value: T, final: boolean): void;
  /** what is waiting is dropped (the viewport left the series) */
  cancel(): void;
}

export function coalesce<T>(apply: (value: T) => void, intervalMs: number): Coalesced<T> {
  let pending: { value: T } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    pending = null;
  };
  const flush = () => {
    timer = null;
    const waiting = pending;
    pending = null;
    if (waiting) apply(waiting.value);
  };
  return {
    set(value, final) {
      if (final) {
        cancel();
        apply(value);
        return;
      }
      pending = { value };
      timer ??= setTimeout(flush, intervalMs);
    },
    cancel,
  };
}
