/**
 * How long one slice may take to decode before it is named as failed: a decoder that neither
 * resolves nor rejects must not hold the series hostage. Decoding only: the time an instance spends
 * coming over the network (a slow WAN, eight retrievals sharing it) is not the decoder's.
 */
export const DECODE_BUDGET_MS = 30_000;

export function withTimeout<T>(promise: Promise<T>, milliseconds: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`decoding did not finish within ${milliseconds / 1000} s`)), milliseconds);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A slice still on the server: retrieved first, however long that takes; its decoding alone has the budget. */
export async function retrieveThenDecode<T>(retrieve: () => Promise<void>, decode: () => Promise<T>, budgetMs = DECODE_BUDGET_MS): Promise<T> {
  await retrieve();
  return withTimeout(decode(), budgetMs);
}
