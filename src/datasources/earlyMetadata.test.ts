import { describe, expect, it, vi } from 'vitest';
import type { DicomWebClient, StudyMetadata } from './dicomWeb';
import type { ProgressListener } from './sourceTypes';
import { withEarlyMetadata } from './earlyMetadata';

interface Call {
  studyUid: string;
  onProgress: ProgressListener;
  signal: AbortSignal | undefined;
  resolve(metadata: StudyMetadata): void;
}

/** A server whose metadata answers when the test says. */
function fakeClient() {
  const calls: Call[] = [];
  const client = {
    baseUrl: 'http://pacs.test/dicom-web',
    retrieveMetadata: (studyUid: string, onProgress: ProgressListener, signal?: AbortSignal) =>
      new Promise<StudyMetadata>((resolve, reject) => {
        calls.push({ studyUid, onProgress, signal, resolve });
        signal?.addEventListener('abort', () => reject(new Error('aborted')));
      }),
  } as unknown as DicomWebClient;
  return { client, calls };
}

const answer: StudyMetadata = { instances: [], failures: [{ fileName: 'PACS/1.2.3', message: 'the server lists no series in this study' }] };

describe('withEarlyMetadata', () => {
  it('asks the server for the named studies at once, before any opening does', () => {
    const { client, calls } = fakeClient();
    withEarlyMetadata(client, ['1.2.3', '1.2.4', '1.2.3']);
    expect(calls.map((call) => call.studyUid)).toEqual(['1.2.3', '1.2.4']);
  });

  it('gives the first opening of a study the retrieval under way, with its progress so far and the rest', async () => {
    const { client, calls } = fakeClient();
    const early = withEarlyMetadata(client, ['1.2.3']).client;
    calls[0]!.onProgress(0, 3);
    const progress: [number, number][] = [];
    const metadata = early.retrieveMetadata('1.2.3', (done, total) => progress.push([done, total]));
    calls[0]!.onProgress(1, 3);
    calls[0]!.resolve(answer);
    expect(await metadata).toBe(answer);
    expect(progress).toEqual([
      [0, 3],
      [1, 3],
    ]);
    expect(calls).toHaveLength(1);
  });

  it('asks the server again for a second opening (a retry) and for studies it was not told of', () => {
    const { client, calls } = fakeClient();
    const early = withEarlyMetadata(client, ['1.2.3']).client;
    void early.retrieveMetadata('1.2.3', () => {});
    void early.retrieveMetadata('1.2.3', () => {});
    void early.retrieveMetadata('1.2.9', () => {});
    expect(calls.map((call) => call.studyUid)).toEqual(['1.2.3', '1.2.3', '1.2.9']);
  });

  it("stops the early retrieval when the opening that took it is cancelled", async () => {
    const { client, calls } = fakeClient();
    const early = withEarlyMetadata(client, ['1.2.3']).client;
    const closing = new AbortController();
    const metadata = early.retrieveMetadata('1.2.3', () => {}, closing.signal);
    closing.abort();
    expect(calls[0]!.signal?.aborted).toBe(true);
    await expect(metadata).rejects.toThrow('aborted');
  });

  it('stops a retrieval no opening claims', () => {
    vi.useFakeTimers();
    try {
      const { client, calls } = fakeClient();
      withEarlyMetadata(client, ['1.2.3'], 1000);
      vi.advanceTimersByTime(1000);
      expect(calls[0]!.signal?.aborted).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("tells when every study's series have been asked for: its series counted, or its retrieval ended", async () => {
    const { client, calls } = fakeClient();
    const { asked } = withEarlyMetadata(client, ['1.2.3', '1.2.4']);
    let told = false;
    void asked.then(() => (told = true));
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
    // the series list asked for, not yet answered
    calls[0]!.onProgress(0, 0);
    await settle();
    expect(told).toBe(false);
    calls[0]!.onProgress(0, 2);
    await settle();
    expect(told).toBe(false);
    // the other study's retrieval ended (here: no series): nothing more will be asked for
    calls[1]!.resolve(answer);
    await settle();
    expect(told).toBe(true);
  });
});
