import { Enums, type StackViewport, type Types } from '@cornerstonejs/core';
import type { CornerstoneRuntime } from './cornerstoneRuntime';
import { voiRangeOf, windowOf, type VoiWindow } from './presets';

/** What a viewport shows right now, published after every render. */
export interface ViewState {
  sliceIndex: number;
  sliceCount: number;
  window: VoiWindow | null;
}

export interface StackViewer {
  readonly viewportId: string;
  show(imageIds: readonly string[], initialIndex: number): Promise<void>;
  scrollBy(delta: number): void;
  jumpTo(index: number): void;
  currentIndex(): number;
  /** Where a patient-coordinate point is drawn, in CSS pixels from the viewport's top left corner. */
  worldToCanvas(point: readonly [number, number, number]): [number, number];
  setWindow(window: VoiWindow): void;
  /** Back to the whole image, fitted and centred (zoom and pan undone). */
  resetView(): void;
  resize(): void;
  destroy(): void;
}

export interface StackViewerListeners {
  onRender(state: ViewState): void;
}

/**
 * What a viewport element offers tests and tools outside React: where a patient-coordinate point is
 * on screen. End-to-end tests place mouse drags from ground-truth coordinates with it.
 */
export interface ViewportElementProbe {
  nadirWorldToClient?: (point: [number, number, number]) => [number, number];
  /** The shown measurements' caliper end points (long axis, then short axis), in patient coordinates */
  nadirCalipers?: () => { key: string; points: [number, number, number][] }[];
}

function clampSliceIndex(index: number, count: number): number {
  return Math.max(0, Math.min(count - 1, Math.round(index)));
}

/**
 * A single stack viewport. After each render it writes `data-render-count`, `data-slice-index` and
 * `data-window` on its element: the signal end-to-end tests wait on instead of sleeping.
 */
export async function createStackViewer(
  runtime: CornerstoneRuntime,
  element: HTMLDivElement,
  viewportId: string,
  listeners: StackViewerListeners,
): Promise<StackViewer> {
  const { renderingEngine } = runtime;
  // React may create a viewer, drop it and create another for the same viewport before the first has
  // finished starting (strict mode, a quick remount). Only the newest may own the viewport.
  const isCurrent = runtime.claimViewport(viewportId);
  // Tools bind their mouse handlers when an element is enabled, so they must be registered first.
  const tools = await runtime.readingTools();
  if (isCurrent()) {
    renderingEngine.enableElement({ viewportId, type: Enums.ViewportType.STACK, element });
    tools.attach(viewportId, renderingEngine.id);
  }
  const viewport = () => renderingEngine.getViewport<StackViewport>(viewportId);
  let renderCount = 0;

  const onRendered = () => {
    const current = viewport();
    const imageIds = current.getImageIds();
    if (imageIds.length === 0) return;
    const range = current.getProperties().voiRange;
    const state: ViewState = {
      sliceIndex: current.getCurrentImageIdIndex(),
      sliceCount: imageIds.length,
      window: range ? windowOf(range) : null,
    };
    renderCount += 1;
    element.dataset.renderCount = String(renderCount);
    element.dataset.sliceIndex = String(state.sliceIndex);
    element.dataset.window = state.window ? `${Math.round(state.window.windowCenter)}/${Math.round(state.window.windowWidth)}` : '';
    if (performance.getEntriesByName('viewer:first-image').length === 0) performance.mark('viewer:first-image');
    listeners.onRender(state);
  };
  element.addEventListener(Enums.Events.IMAGE_RENDERED, onRendered);
  (element as HTMLDivElement & ViewportElementProbe).nadirWorldToClient = (point) => {
    const [x, y] = viewport().worldToCanvas(point);
    const box = element.getBoundingClientRect();
    return [box.left + x, box.top + y];
  };
  const clampIndex = (index: number) => clampSliceIndex(index, viewport().getImageIds().length);

  return {
    viewportId,
    async show(imageIds, initialIndex) {
      await viewport().setStack([...imageIds], clampSliceIndex(initialIndex, imageIds.length));
      viewport().render();
    },
    scrollBy(delta) {
      void viewport().setImageIdIndex(clampIndex(viewport().getCurrentImageIdIndex() + delta));
    },
    jumpTo(index) {
      if (clampIndex(index) !== viewport().getCurrentImageIdIndex()) void viewport().setImageIdIndex(clampIndex(index));
    },
    currentIndex: () => viewport().getCurrentImageIdIndex(),
    worldToCanvas: (point) => {
      const [x, y] = viewport().worldToCanvas([point[0], point[1], point[2]]);
      return [x, y];
    },
    setWindow(window) {
      viewport().setProperties({ voiRange: voiRangeOf(window) } satisfies Types.StackViewportProperties);
      viewport().render();
    },
    resetView() {
      viewport().resetCamera();
      viewport().render();
    },
    resize() {
      renderingEngine.resize(true, true);
    },
    destroy() {
      element.removeEventListener(Enums.Events.IMAGE_RENDERED, onRendered);
      if (isCurrent()) renderingEngine.disableElement(viewportId);
    },
  };
}
