import type { DicomWebClient, StudyMetadata } from './dicomWeb';
import type { ProgressListener } from './sourceTypes';

interface Early {
  metadata: Promise<StudyMetadata>;
  controller: AbortController;
  /** the last progress told, replayed to the opening that claims it */
  progress: [number, number] | null;
  listener: ProgressListener | null;
}

/**
 * A client whose metadata for `studyUids` is already being retrieved: studies named in the page
 * address are known as soon as the configuration is, some 400 ms (a 2-core machine) before React has
 * rendered the page and its opening asks for them (issue 13: the first image, cold or warm).
 *
 * The first retrieveMetadata of such a study takes the retrieval under way (its progress so far, then
 * the rest; its signal aborts it); any later one, a retry included, asks the server again. A retrieval
 * no opening claims within `unclaimedMs` is stopped.
 *
 * `asked` resolves once every study's series have been asked for (or its retrieval ended): the page
 * holds back work that would keep its main thread busy until then (services.ts).
 */
export function withEarlyMetadata(client: DicomWebClient, studyUids: readonly string[], unclaimedMs = 60_000): { client: DicomWebClient; asked: Promise<void> } {
  const early = new Map<string, Early>();
  const asked: Promise<void>[] = [];
  for (const studyUid of new Set(studyUids)) {
    const controller = new AbortController();
    const entry: Early = { controller, progress: null, listener: null, metadata: Promise.resolve({ instances: [], failures: [] }) };
    let seriesAsked = () => {};
    asked.push(new Promise((resolve) => (seriesAsked = resolve)));
    entry.metadata = client.retrieveMetadata(
      studyUid,
      (done, total) => {
        // the series list is in and each series' metadata is being asked for (retrieveMetadata's first count)
        if (total > 0) seriesAsked();
        entry.progress = [done, total];
        entry.listener?.(done, total);
      },
      controller.signal,
    );
    // Whoever claims it handles its failure; unclaimed, it is dropped unheard.
    entry.metadata.catch(() => undefined).finally(seriesAsked);
    early.set(studyUid, entry);
  }
  if (early.size > 0) {
    setTimeout(() => {
      for (const entry of early.values()) entry.controller.abort();
      early.clear();
    }, unclaimedMs);
  }
  const wrapped: DicomWebClient = {
    ...client,
    retrieveMetadata(studyUid, onProgress, signal) {
      const entry = early.get(studyUid);
      if (!entry) return client.retrieveMetadata(studyUid, onProgress, signal);
      early.delete(studyUid);
      if (signal?.aborted) entry.controller.abort();
      signal?.addEventListener('abort', () => entry.controller.abort(), { once: true });
      if (entry.progress) onProgress(...entry.progress);
      entry.listener = onProgress;
      return entry.metadata;
    },
  };
  return { client: wrapped, asked: Promise.all(asked).then(() => undefined) };
}
