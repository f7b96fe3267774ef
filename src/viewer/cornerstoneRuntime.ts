import { getRenderingCapabilities, getWebWorkerManager, imageLoader, init as initCore, metaData, registerImageLoader, RenderingEngine, setUseCPURendering, type Types } from '@cornerstonejs/core';
import dicomImageLoader, { init as initImageLoader } from '@cornerstonejs/dicom-image-loader';
import { InstanceUnavailable, type ImageSeries, type InstanceFile } from '../state/studyModel';
import { createImageIndex, type ImageIndex } from './imageIndex';
import type { ReadingTools } from './interactionTools';
import { registerRefusedValuesProvider } from './refusedValuesProvider';
import { describeProblem } from '../dicom/fileProblems';
import type { DicomFileResult } from '../dicom/readDicomFile';
import { createDecodeQueue, type SeriesDecoding } from './decodeQueue';
import { DECODE_BUDGET_MS, retrieveThenDecode, withTimeout } from './decodeBudget';
import type { OpenedSlice, SliceDecoders } from './sliceDecode/sliceDecoders';
import { decodeRequestFor, grayscaleImage } from './sliceDecode/grayscaleImage';

export type { SeriesDecoding } from './decodeQueue';

export interface SeriesLoadListener {
  /** `sliceIndex`: the slice just tried; absent for the count a listener gets when it starts listening */
  onProgress(decoded: number, total: number, sliceIndex?: number): void;
  /** A slice that could not be decoded, named by its file; told once. */
  onSliceError(fileName: string, message: string): void;
}

/**
 * The one Cornerstone set-up of the app. Cornerstone keeps global state of its own; this object is
 * the only handle the rest of Nadir holds, created once by the composition root.
 */
export interface CornerstoneRuntime {
  renderingEngine: RenderingEngine;
  /** Image ids of a series' slices, registering its files with the loader the first time. */
  imageIdsOf(series: ImageSeries): string[];
  /** Image ids and the slices and image references they show, both ways. */
  images: ImageIndex;
  /**
   * Decodes every slice of a series into the cache, the `focusIndex` slice first and then outward
   * (decodeOrder.ts), the viewports' series before the others; progress goes to the listener until
   * the viewport leaves.
   */
  decodeSeries(series: ImageSeries, focusIndex: number, listener: SeriesLoadListener): SeriesDecoding;
  /**
   * Decodes one slice into the cache ahead of its viewport (the slice an opening will show first,
   * while the page is still being drawn). A failure is left to the series' decoding to report.
   */
  decodeAhead(series: ImageSeries, index: number): void;
  /** The series' study was closed: none of its slices still waiting is decoded (or retrieved). */
  closeSeries(series: ImageSeries): void;
  /** The tools package is a chunk of its own, fetched in parallel with the first study's files. */
  readingTools(): Promise<ReadingTools>;
  /** Makes the caller the owner of a viewport id; the answer says whether it still is. */
  claimViewport(viewportId: string): () => boolean;
}

/**
 * Slices in flight at once: enough to keep the loader's workers (at most 4) busy, few enough that a
 * slice the reader scrolls to waits behind few others in the workers' first-come queue.
 */
const CONCURRENT_DECODES = 4;
/**
 * Slices of a series still on the server in flight at once: each waits on the network most of its
 * time, so more of them keep the decoders as busy as four local ones (six is also a browser's
 * connections per origin, plus two whose answers are being checked or decoded).
 */
const CONCURRENT_REMOTE_DECODES = 8;
/**
 * A decoder's failure in the user's words: the decoders' own texts ("Cannot read properties of
 * undefined", codec internals) are matched, never shown.
 */
function errorMessage(error: unknown): string {
  if (error instanceof InstanceUnavailable) return error.message;
  const text = error instanceof Error ? error.message : error && typeof error === 'object' && 'error' in error ? String((error as { error: unknown }).error) : String(error);
  const detail = /did not finish within/.test(text) ? text : 'the decoder failed on its pixel data';
  return describeProblem({ code: 'undecodable', detail });
}

/**
 * The image loader's own workers: the slice decoders (./sliceDecode) take every grayscale
 * single-frame slice, read whole, checked and decoded in one worker; the loader's only what goes its
 * way (colour, multi-frame, deflated), so one of those is kept.
 */
const LOADER_WORKERS = 1;
/** the name the image loader registers its workers under (@cornerstonejs/dicom-image-loader's init) */
const LOADER_WORKER_NAME = 'dicomImageLoader';

/**
 * `sliceDecoders`: started with the page (startSliceDecoders), before this chunk has loaded;
 * `readingTools`: the tools' module, fetched alongside this chunk, registered here once Cornerstone is initialised.
 */
export function startCornerstone(sliceDecoders: SliceDecoders, readingTools: Promise<typeof import('./interactionTools')>): CornerstoneRuntime {
  // The loader's init clears its caches, so it must run before anything registers metadata.
  initImageLoader({ maxWebWorkers: LOADER_WORKERS });
  // The loader starts its worker here, though most studies never give it a slice (a CT or MR is the
  // slice decoders'). Stopped before its script has loaded, it takes no core and no memory from the
  // first image; Cornerstone's worker manager starts a stopped worker again when a task comes for it.
  getWebWorkerManager().terminate(LOADER_WORKER_NAME);
  initCore();
  // Without a GPU (a hospital's virtual desktop, a headless browser) WebGL is emulated on the CPU, and
  // copying each frame out of it cost ~85 ms per slice scrolled; Cornerstone's CPU renderer draws a
  // slice in a few. With a GPU, WebGL stays.
  if (getRenderingCapabilities().softwareRasterizer) setUseCPURendering(true);
  const renderingEngine = new RenderingEngine('nadir-rendering-engine');
  const images = createImageIndex();
  // Lives as long as the runtime, which the composition root creates once for the page.
  registerRefusedValuesProvider(images);
  const tools = readingTools.then((module) => module.registerReadingTools(renderingEngine.id, images));
  const imageIds = new WeakMap<ImageSeries, string[]>();
  const decodeSlice = async (series: ImageSeries, index: number) => {
    // stopped while nothing was left to decode: they start while the slice is read or retrieved
    sliceDecoders.wake();
    const load = imageLoader.loadAndCacheImage(imageIdsOf(series)[index]!);
    // a remote slice's loader budgets its decoding itself, after the retrieval (retrieveThenDecode)
    await (isRemote(series) ? load : withTimeout(load, DECODE_BUDGET_MS));
  };
  // Every open series decoded: the decoders' memory goes back until a slice comes again.
  const restWhenIdle = () => {
    if (!decodes.busy() && !remoteDecodes.busy()) sliceDecoders.rest();
  };
  const decodes = createDecodeQueue<ImageSeries>(decodeSlice, CONCURRENT_DECODES, errorMessage, restWhenIdle);
  // A series is all local or all remote (one source opened it): remote ones share a queue of their own,
  // in which the baseline's shown slice still comes first.
  const remoteDecodes = createDecodeQueue<ImageSeries>(decodeSlice, CONCURRENT_REMOTE_DECODES, errorMessage, restWhenIdle);
  const isRemote = (series: ImageSeries) => series.slices.some((slice) => !('blob' in slice.instance.file));
  const queueOf = (series: ImageSeries) => (isRemote(series) ? remoteDecodes : decodes);
  const fileIds = new WeakMap<InstanceFile, string>();
  const part10 = partTenInstances(sliceDecoders);
  const viewportClaims = new Map<string, number>();

  const imageIdsOf = (series: ImageSeries) => {
    let ids = imageIds.get(series);
    if (!ids) {
      ids = series.slices.map(({ instance, frameNumber }) => {
        const file = instance.file;
        let fileId = fileIds.get(file);
        if (!fileId) {
          // read, checked whole and decoded when the decode order first reaches one of its slices
          fileId = part10.add(file.name, 'blob' in file ? localSource(file.blob) : { bytes: () => file.take(), problemWith: (read) => file.problemWith(read) });
          fileIds.set(file, fileId);
        }
        return frameNumber === null ? fileId : `${fileId}?frame=${frameNumber}`;
      });
      imageIds.set(series, ids);
      images.register(series, ids);
    }
    return ids;
  };

  return {
    renderingEngine,
    imageIdsOf,
    images,
    decodeSeries(series, focusIndex, listener) {
      const ids = imageIdsOf(series);
      return queueOf(series).open(series, ids.length, focusIndex, {
        onProgress: listener.onProgress,
        onSliceError: (index, message) => listener.onSliceError(series.slices[index]!.instance.file.name, message),
      });
    },
    decodeAhead(series, index) {
      const imageId = imageIdsOf(series)[index];
      if (imageId) imageLoader.loadAndCacheImage(imageId).catch(() => undefined);
    },
    closeSeries(series) {
      queueOf(series).close(series);
    },
    readingTools: () => tools,
    claimViewport(viewportId) {
      const claim = (viewportClaims.get(viewportId) ?? 0) + 1;
      viewportClaims.set(viewportId, claim);
      return () => viewportClaims.get(viewportId) === claim;
    },
  };
}

const PART10_SCHEME = 'nadirpart10';
/** @cornerstonejs/metadata's module of an instance's whole data set, with its pixel data (MetadataModules.NATURALIZED) */
const NATURALIZED = 'naturalized';
/** where that data set holds pixel data (as @cornerstonejs/metadata's compressedFrameData looks for it) */
const PIXEL_DATA_KEYS = ['PixelData', 'FloatPixelData', 'DoubleFloatPixelData'] as const;

/**
 * Where an instance's bytes come from. The slice decoders check the file as they open it; a file
 * retrieved from a server is then held against the metadata its slice was built from (`problemWith`),
 * so the server's files are parsed once, in the decoders, not a second time in the file reader.
 */
interface InstanceSource {
  /** A local file's Blob (read in the decoder), or a server's file as bytes the decoder is given (moved to it: RemoteFile.take). */
  bytes(): Promise<Blob | ArrayBuffer>;
  problemWith(read: DicomFileResult): string | null;
}

const localSource = (blob: Blob): InstanceSource => ({ bytes: () => Promise.resolve(blob), problemWith: () => null });

/** An instance read and checked, ready to decode: by the slice decoders, or by the image loader from its metadata. */
type Prepared = { way: 'loader' } | { way: 'slice-decoder'; slice: Extract<OpenedSlice, { kind: 'opened' }> };

/**
 * Image ids for instances whose bytes are not read yet: a local file of which only the header was
 * read, an instance still on the server. The id exists (and a viewport can be given it) before the
 * bytes do. Loading one reads its bytes (the first time; later frames share them), checks them and
 * decodes them: the order of reading is the order of decoding (decodeOrder.ts), the slice a viewport
 * shows first.
 *
 * A grayscale single-frame instance (nearly every CT and MR slice) is read, checked and decoded in
 * one slice decoder worker: only its header (for the loader's metadata) and its decoded pixels come
 * to the page, so the page neither parses its pixel data nor copies it (issue 13 §3). Any other
 * image is handed whole to the image loader, as before.
 */
function partTenInstances(decoders: SliceDecoders) {
  const sources = new Map<string, { name: string } & InstanceSource>();
  const prepared = new Map<string, Promise<Prepared>>();
  const open = async (baseId: string): Promise<Prepared> => {
    const source = sources.get(baseId);
    if (!source) throw new Error(`no instance for ${baseId}`);
    const opened = await decoders.open(source.name, await source.bytes()).catch((error: unknown) => {
      throw new InstanceUnavailable(`could not be read: ${error instanceof Error ? error.message : String(error)}`);
    });
    if (opened.kind === 'refused') {
      throw new InstanceUnavailable(
        source.problemWith(opened.result) ?? (opened.result.kind === 'unreadable' ? describeProblem(opened.result.problem) : 'read whole, it is not an image: not shown'),
      );
    }
    // a retrieved file must be the instance its metadata described, where the slice was placed
    const problem = source.problemWith({ kind: 'image', metadata: opened.metadata });
    if (problem !== null) {
      if (opened.kind === 'opened') opened.release();
      throw new InstanceUnavailable(problem);
    }
    switch (opened.kind) {
      case 'whole':
        await dicomImageLoader.prefetchPart10Instance(baseId, opened.bytes);
        return { way: 'loader' };
      case 'opened':
        // the loader's metadata of the instance, from its data set up to the pixel data
        await dicomImageLoader.prefetchPart10Instance(baseId, opened.header);
        return { way: 'slice-decoder', slice: opened };
    }
  };
  const prepare = (baseId: string): Promise<Prepared> => {
    let ready = prepared.get(baseId);
    if (!ready) {
      ready = open(baseId);
      // a failed retrieval is tried again when the slice is asked for again (the cache keeps no failure)
      ready.catch(() => prepared.delete(baseId));
      prepared.set(baseId, ready);
    }
    return ready;
  };
  // Cornerstone 5.14's cache rethrows a failed load into a promise no one holds (cache.putImageLoadObject),
  // so every failed read or retrieval would also surface as an unhandled rejection. Those are told to the reader
  // (the series' load report) through the decode queue and the viewport: only they are silenced here.
  window.addEventListener('unhandledrejection', (event) => {
    if (event.reason instanceof InstanceUnavailable) event.preventDefault();
  });
  // Decoded, a single-frame instance's file bytes are let go (keep once, issue 13 §3): the loader's
  // metadata keeps the pixel data it was given, a second copy of the slice, for as long as the page
  // lives. Should Cornerstone's cache drop the decoded image, the next load reads the bytes again.
  const releaseBytes = (baseId: string) => {
    const natural = metaData.get(NATURALIZED, baseId) as Record<string, unknown> | undefined;
    if (!natural) return;
    for (const key of PIXEL_DATA_KEYS) delete natural[key];
    prepared.delete(baseId);
  };
  const decode = async (imageId: string, baseId: string, ready: Prepared): Promise<Types.IImage> => {
    if (ready.way === 'loader') {
      const image = await dicomImageLoader.wadouri.loadImageFromNaturalizedMetadata(imageId).promise;
      // frames of a multi-frame instance share its bytes: kept while any frame may still be decoded
      if (imageId === baseId) releaseBytes(baseId);
      return image;
    }
    // the worker lets the bytes go once it has decoded them: a later load opens the file again
    prepared.delete(baseId);
    let request: ReturnType<typeof decodeRequestFor>;
    try {
      request = decodeRequestFor(imageId);
    } catch (error) {
      ready.slice.release();
      throw error;
    }
    return grayscaleImage(imageId, await ready.slice.decode(request.frame, request.options, request.decodeConfig));
  };
  registerImageLoader(PART10_SCHEME, (imageId) => {
    const baseId = imageId.replace(/\?.*$/, '');
    let ready: Prepared | undefined;
    const promise: Promise<Types.IImage> = retrieveThenDecode(
      async () => void (ready = await prepare(baseId)),
      () => decode(imageId, baseId, ready!),
    );
    return { promise };
  });
  let next = 0;
  return {
    add(name: string, source: InstanceSource): string {
      const id = `${PART10_SCHEME}:${next++}`;
      sources.set(id, { name, ...source });
      return id;
    },
  };
}
