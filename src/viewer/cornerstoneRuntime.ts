import { init as initCore, RenderingEngine } from '@cornerstonejs/core';
import dicomImageLoader, { init as initImageLoader } from '@cornerstonejs/dicom-image-loader';
import type { ReadingTools } from './interactionTools';

/**
 * The one Cornerstone set-up of the app. Cornerstone keeps global state of its own; this object is
 * the only handle the rest of Nadir holds, created once by the composition root.
 */
export interface CornerstoneRuntime {
  renderingEngine: RenderingEngine;
  /** Makes a file's bytes loadable by Cornerstone and returns its image id. */
  registerFile(file: Blob): string;
  /** The tools package is a chunk of its own, fetched in parallel with the first study's files. */
  readingTools(): Promise<ReadingTools>;
}

export function startCornerstone(): CornerstoneRuntime {
  // The loader's init clears its caches, so it must run before anything registers metadata.
  initImageLoader({ maxWebWorkers: Math.max(1, Math.min(navigator.hardwareConcurrency || 1, 4)) });
  initCore();
  const renderingEngine = new RenderingEngine('nadir-rendering-engine');
  const tools = import('./interactionTools').then((module) => module.registerReadingTools());
  return {
    renderingEngine,
    registerFile: (file) => dicomImageLoader.wadouri.fileManager.add(file),
    readingTools: () => tools,
  };
}
