import { RetrievalCancelled, type DescribedInstance, type DicomWebClient } from '../datasources/dicomWeb';
import type { FetchedFiles, ProgressListener } from '../datasources/sourceTypes';
import { readDicomJsonInstance, retrievedFileProblem } from '../dicom/dicomJson';
import type { DicomFileReader } from '../dicom/fileReader';
import type { InstanceMetadata } from '../dicom/instanceMetadata';
import type { ReadFile } from '../dicom/studies';
import { InstanceUnavailable, type RemoteFile, type SourceFile } from '../state/studyModel';
import type { TimepointChoice } from '../state/timepoints';

/** A study opened metadata first: its images described (bytes still on the server), its other objects as files. */
export interface MetadataFirstStudy extends FetchedFiles {
  described: ReadFile[];
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * An image still on the server, retrieved when a viewport or the decode queue first asks for it.
 * The viewer takes it unchecked, as bytes of its own: its slice decoder checks the file as it opens
 * it and asks `problemWith` whether the file is what the metadata described. Anything else (exports,
 * SR) retrieves it checked here, by the file reader, against the same metadata; the viewer's bytes
 * are not shared with it, because they are moved to a worker. A failed retrieval is named and tried
 * again when the slice is asked for again.
 */
function remoteImage(client: DicomWebClient, reader: DicomFileReader, instance: DescribedInstance, described: InstanceMetadata, signal: AbortSignal): RemoteFile {
  const unavailable = (error: unknown): never => {
    throw new InstanceUnavailable(messageOf(error));
  };
  // once the opening is cancelled, no slice asked for later goes to the network
  const retrieveBytes = () => client.retrieveInstanceBytes(instance, signal).catch(unavailable);
  let prefetched: Promise<ArrayBuffer> | null = null;
  let pending: Promise<Blob> | null = null;
  const retrieveChecked = async (): Promise<Blob> => {
    const blob = await client.retrieveInstance(instance, signal).catch(unavailable);
    // checked whole: the pixel data too, which a header read leaves to this check
    const { result } = await reader.check({ name: instance.name, blob });
    const problem = retrievedFileProblem(described, result);
    if (problem !== null) throw new InstanceUnavailable(problem);
    return blob;
  };
  return {
    name: instance.name,
    prefetch() {
      if (prefetched) return;
      prefetched = retrieveBytes();
      // a failed prefetch is told by the take that follows it
      prefetched.catch(() => undefined);
    },
    take() {
      const taken = prefetched ?? retrieveBytes();
      prefetched = null;
      return taken;
    },
    problemWith: (read) => retrievedFileProblem(described, read),
    retrieve() {
      pending ??= retrieveChecked().catch((error: unknown) => {
        pending = null;
        throw error;
      });
      return pending;
    },
  };
}

/**
 * Opens a study from a DICOMweb server metadata first: the stacks are built from WADO-RS series
 * metadata, and each image's pixel data is retrieved when the viewports come to it (the decode
 * order), so the first slice shows long before the last is in. SR and other non-image objects are
 * retrieved whole at once and read as files: their content is needed before any viewport asks.
 * `signal` is the opening's: aborted (the reader closed the studies), every retrieval of the study
 * still running stops and none starts (they reject with RetrievalCancelled or, for images, an
 * InstanceUnavailable that says so).
 */
export async function openStudyMetadataFirst(
  client: DicomWebClient,
  studyUid: string,
  reader: DicomFileReader,
  onProgress: ProgressListener,
  signal: AbortSignal = new AbortController().signal,
): Promise<MetadataFirstStudy> {
  const { instances, failures } = await client.retrieveMetadata(studyUid, onProgress, signal);
  const described: ReadFile[] = [];
  const whole: DescribedInstance[] = [];
  for (const instance of instances) {
    const result = readDicomJsonInstance(instance.dataset, instance.name);
    if (result.kind === 'non-image') whole.push(instance);
    else if (result.kind === 'image') described.push({ file: remoteImage(client, reader, instance, result.metadata, signal), result });
    // an instance its metadata refuses is never retrieved: it is named in the load report as a bad file is
    else {
      const notRetrieved = () => Promise.reject(new InstanceUnavailable('not retrieved'));
      described.push({ file: { name: instance.name, retrieve: notRetrieved, prefetch: () => undefined, take: notRetrieved, problemWith: () => null }, result });
    }
  }
  const files: SourceFile[] = [];
  await Promise.all(
    whole.map(async (instance) => {
      try {
        files.push({ name: instance.name, blob: await client.retrieveInstance(instance, signal) });
      } catch (error) {
        if (error instanceof RetrievalCancelled) return;
        failures.push({ fileName: instance.name, message: messageOf(error) });
      }
    }),
  );
  return { files, failures, described };
}

/**
 * Several studies (a patient's timepoints), the metadata of each in turn, shown together: their
 * viewports are laid out once, before any image is retrieved, instead of the first study's viewport
 * being rebuilt while its first image loads. A study that cannot be described is named; the others open.
 */
export async function openStudiesMetadataFirst(
  client: DicomWebClient,
  studyUids: readonly string[],
  reader: DicomFileReader,
  onProgress: (studyIndex: number, done: number, total: number) => void,
  signal: AbortSignal = new AbortController().signal,
): Promise<MetadataFirstStudy> {
  const opened: MetadataFirstStudy = { files: [], failures: [], described: [] };
  for (const [index, studyUid] of studyUids.entries()) {
    try {
      const study = await openStudyMetadataFirst(client, studyUid, reader, (done, total) => onProgress(index, done, total), signal);
      opened.files.push(...study.files);
      opened.failures.push(...study.failures);
      opened.described.push(...study.described);
    } catch (error) {
      if (error instanceof RetrievalCancelled) throw error;
      opened.failures.push({ fileName: `PACS/${studyUid}`, message: messageOf(error) });
    }
  }
  return opened;
}

/**
 * Which of a patient's studies are opened first: those the viewports will show, the baseline and the
 * follow-up (the choice kept from before a reload, or the default, the first and the last of `uids`,
 * which a search gives oldest first: timepoints.ts's default reading). The others are described
 * after them, and their images retrieved only when a viewport shows them.
 */
export function firstPair(uids: readonly string[], kept: TimepointChoice | null): { first: string[]; rest: string[] } {
  const keptPair = kept && uids.includes(kept.baselineUid) ? [kept.baselineUid, kept.followUpUid !== null && uids.includes(kept.followUpUid) ? kept.followUpUid : null] : null;
  const pair = new Set((keptPair ?? [uids[0], uids.at(-1)]).filter((uid): uid is string => typeof uid === 'string'));
  if (keptPair && keptPair[1] === null) {
    // the kept follow-up is not among them: the default follow-up, the last other study
    const fallback = uids.filter((uid) => uid !== kept?.baselineUid).at(-1);
    if (fallback) pair.add(fallback);
  }
  return { first: uids.filter((uid) => pair.has(uid)), rest: uids.filter((uid) => !pair.has(uid)) };
}
