import { cache, Enums, getShouldUseCPURendering, metaData, type StackViewport, type Types } from '@cornerstonejs/core';
import type { Point3 } from '../../workers/read/model';
import type { CornerstoneRuntime } from './cornerstoneRuntime';
import { modalityValueAt } from './imagePixels';
import { patientToPixel, type ImagePlane } from './keyImageGeometry';
import { voiRangeOf, windowOf, type VoiWindow } from './presets';
import type { ViewportElementProbe } from './viewportProbe';

/** What a viewport shows right now, published after every render. */
export interface ViewState {
  sliceIndex: number;
  sliceCount: number;
  window: VoiWindow | null;
  /** ImagePositionPatient and ImageOrientationPatient of the slice shown (per frame for multi-frame images) */
  imagePositionPatient: Point3 | null;
  imageOrientationPatient: number[] | null;
  /** Millimetres per CSS pixel along the image rows at the current zoom; null without a plane */
  mmPerPx: number | null;
}

/**
 * Zoom and pan as the camera's scale and centre in patient coordinates, carried from one series to
 * the next of the same frame of reference: the same anatomy stays at the same place on screen.
 */
export interface ZoomPan {
  parallelScale: number;
  focalPoint: Point3;
}

export interface StackViewer {
  readonly viewportId: string;
  show(imageIds: readonly string[], initialIndex: number, zoomPan?: ZoomPan | null): Promise<void>;
  scrollBy(delta: number): void;
  jumpTo(index: number): void;
  currentIndex(): number;
  zoomPan(): ZoomPan;
  /**
   * Where a patient-coordinate point is drawn, in CSS pixels from the viewport's top left corner; null
   * while no image is shown (a series just chosen: the CPU renderer has no geometry until its first
   * slice is drawn, and the GPU one would answer from the previous series').
   */
  worldToCanvas(point: readonly [number, number, number]): [number, number] | null;
  /**
   * The patient point under a point given in CSS pixels from the viewport's top left corner; null until
   * an image is shown (the CPU renderer has no geometry before).
   */
  canvasToWorld(canvasX: number, canvasY: number): Point3 | null;
  /** The modality value (HU on CT) of the pixel under a point given in CSS pixels from the top left; null outside the image. */
  modalityValueAt(canvasX: number, canvasY: number): number | null;
  setWindow(window: VoiWindow): void;
  /** Back to the whole image, fitted and centred (zoom and pan undone). */
  resetView(): void;
  /** Centres the image on a point (moved within the plane shown) and zooms so that `fieldMm` spans the narrower side. */
  centreOn(point: Point3, fieldMm: number): void;
  resize(): void;
  destroy(): void;
}

export interface StackViewerListeners {
  onRender(state: ViewState): void;
  /** The viewport is about to load a slice to show it (opening, scrolling): decoding it is now urgent. */
  onSliceRequested?(index: number): void;
}

function clampSliceIndex(index: number, count: number): number {
  return Math.max(0, Math.min(count - 1, Math.round(index)));
}

const triple = (value: ArrayLike<number>): Point3 => [value[0] ?? 0, value[1] ?? 0, value[2] ?? 0];

/** Cornerstone's plane of an image id (per frame); null without position, orientation or spacing. */
function planeOfImageId(imageId: string): ImagePlane | null {
  const module = metaData.get('imagePlaneModule', imageId) as Types.ImagePlaneModule | undefined;
  if (!module?.imagePositionPatient || !module.imageOrientationPatient || !module.rowCosines || !module.columnCosines) return null;
  if (!module.columnPixelSpacing || !module.rowPixelSpacing) return null;
  return {
    origin: triple(module.imagePositionPatient),
    rowCosines: triple(module.rowCosines),
    columnCosines: triple(module.columnCosines),
    columnSpacingMm: module.columnPixelSpacing,
    rowSpacingMm: module.rowPixelSpacing,
    rows: module.rows,
    columns: module.columns,
  };
}

const SCALE_PROBE_MM = 10;

/** Moves the camera within the plane of the slice shown (never off it) to the kept centre, at the kept scale. */
function applyZoomPan(viewport: StackViewport, kept: ZoomPan): void {
  const camera = viewport.getCamera();
  if (!camera.focalPoint || !camera.position || !camera.viewPlaneNormal) return;
  const normal = camera.viewPlaneNormal;
  const shift = kept.focalPoint.map((value, axis) => value - camera.focalPoint![axis]!);
  const along = shift[0]! * normal[0] + shift[1]! * normal[1] + shift[2]! * normal[2];
  const inPlane = shift.map((value, axis) => value - along * normal[axis]!);
  const moved = (point: Types.Point3): Types.Point3 => [point[0] + inPlane[0]!, point[1] + inPlane[1]!, point[2] + inPlane[2]!];
  viewport.setCamera({ parallelScale: kept.parallelScale, focalPoint: moved(camera.focalPoint), position: moved(camera.position) });
}

/**
 * A single stack viewport. After each render it writes `data-render-count`, `data-slice-index`,
 * `data-image-position` (ImagePositionPatient of the slice shown), `data-zoom`, `data-pan` and
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
  // Which renderer draws (cornerstoneRuntime.ts chooses): for tests and for a reader's bug report.
  element.dataset.renderer = getShouldUseCPURendering() ? 'cpu' : 'gpu';
  let renderCount = 0;

  const mmPerPxOf = (current: StackViewport, plane: ImagePlane | null): number | null => {
    if (!plane) return null;
    const focal = current.getCamera().focalPoint;
    if (!focal) return null;
    const [x0, y0] = current.worldToCanvas(focal);
    const along = plane.rowCosines.map((cosine, axis) => focal[axis]! + cosine * SCALE_PROBE_MM) as Types.Point3;
    const [x1, y1] = current.worldToCanvas(along);
    const px = Math.hypot(x1 - x0, y1 - y0);
    return px > 0 ? SCALE_PROBE_MM / px : null;
  };

  const onRendered = () => {
    const current = viewport();
    const imageIds = current.getImageIds();
    // The renderer also draws a viewport before its first image has arrived (enabling it, a resize):
    // a blank canvas is no render to publish, least of all as the first image.
    if (imageIds.length === 0 || !current.getCornerstoneImage()) return;
    const range = current.getProperties().voiRange;
    const plane = planeOfImageId(current.getCurrentImageId());
    const module = metaData.get('imagePlaneModule', current.getCurrentImageId()) as Types.ImagePlaneModule | undefined;
    const state: ViewState = {
      sliceIndex: current.getCurrentImageIdIndex(),
      sliceCount: imageIds.length,
      window: range ? windowOf(range) : null,
      imagePositionPatient: module?.imagePositionPatient ? triple(module.imagePositionPatient) : null,
      imageOrientationPatient: module?.imageOrientationPatient ? [...module.imageOrientationPatient] : null,
      mmPerPx: mmPerPxOf(current, plane),
    };
    renderCount += 1;
    const pan = current.getPan();
    element.dataset.renderCount = String(renderCount);
    element.dataset.sliceIndex = String(state.sliceIndex);
    element.dataset.imagePosition = state.imagePositionPatient?.map((value) => value.toFixed(2)).join('\\') ?? '';
    // The CPU renderer has no zoom until its first image is drawn.
    const zoom = current.getZoom() as number | undefined;
    element.dataset.zoom = zoom === undefined ? '' : zoom.toFixed(3);
    element.dataset.pan = `${pan[0].toFixed(1)},${pan[1].toFixed(1)}`;
    element.dataset.window = state.window ? `${Math.round(state.window.windowCenter)}/${Math.round(state.window.windowWidth)}` : '';
    if (performance.getEntriesByName('viewer:first-image').length === 0) performance.mark('viewer:first-image');
    listeners.onRender(state);
  };
  element.addEventListener(Enums.Events.IMAGE_RENDERED, onRendered);
  const onSliceRequested = (event: Event) => {
    const index = (event as CustomEvent<{ imageIdIndex?: number }>).detail?.imageIdIndex;
    if (typeof index === 'number') listeners.onSliceRequested?.(index);
  };
  element.addEventListener(Enums.Events.PRE_STACK_NEW_IMAGE, onSliceRequested);
  const toCanvas = (point: readonly [number, number, number]): [number, number] | null => {
    const current = viewport();
    if (!current.getImageData()) return null;
    const [x, y] = current.worldToCanvas([point[0], point[1], point[2]]);
    return [x, y];
  };
  (element as HTMLDivElement & ViewportElementProbe).nadirWorldToClient = (point) => {
    const at = toCanvas(point);
    const box = element.getBoundingClientRect();
    return at && [box.left + at[0], box.top + at[1]];
  };
  const clampIndex = (index: number) => clampSliceIndex(index, viewport().getImageIds().length);

  return {
    viewportId,
    async show(imageIds, initialIndex, zoomPan) {
      await viewport().setStack([...imageIds], clampSliceIndex(initialIndex, imageIds.length));
      if (zoomPan) applyZoomPan(viewport(), zoomPan);
      viewport().render();
    },
    scrollBy(delta) {
      void viewport().setImageIdIndex(clampIndex(viewport().getCurrentImageIdIndex() + delta));
    },
    jumpTo(index) {
      if (clampIndex(index) !== viewport().getCurrentImageIdIndex()) void viewport().setImageIdIndex(clampIndex(index));
    },
    currentIndex: () => viewport().getCurrentImageIdIndex(),
    zoomPan: () => {
      const camera = viewport().getCamera();
      return { parallelScale: camera.parallelScale ?? 1, focalPoint: triple(camera.focalPoint ?? [0, 0, 0]) };
    },
    worldToCanvas: toCanvas,
    canvasToWorld: (canvasX, canvasY) => {
      const world = viewport().canvasToWorld([canvasX, canvasY]) as Types.Point3 | undefined;
      return world ? triple(world) : null;
    },
    modalityValueAt(canvasX, canvasY) {
      const imageId = viewport().getCurrentImageId();
      const image = imageId ? cache.getImage(imageId) : undefined;
      const plane = imageId ? planeOfImageId(imageId) : null;
      const valueAt = image ? modalityValueAt(image) : null;
      const world = viewport().canvasToWorld([canvasX, canvasY]) as Types.Point3 | undefined;
      if (!image || !plane || !valueAt || !world) return null;
      const [column, row] = patientToPixel(plane, triple(world)).map(Math.round) as [number, number];
      if (column < 0 || row < 0 || column >= image.columns || row >= image.rows) return null;
      return valueAt(row * image.columns + column);
    },
    setWindow(window) {
      viewport().setProperties({ voiRange: voiRangeOf(window) } satisfies Types.StackViewportProperties);
      viewport().render();
    },
    resetView() {
      viewport().resetCamera();
      viewport().render();
    },
    centreOn(point, fieldMm) {
      // parallelScale is half the viewport's height in mm: a tall viewport is limited by its width
      const ratio = element.clientWidth > 0 ? Math.max(1, element.clientHeight / element.clientWidth) : 1;
      applyZoomPan(viewport(), { parallelScale: (fieldMm / 2) * ratio, focalPoint: point });
      viewport().render();
    },
    resize() {
      renderingEngine.resize(true, true);
    },
    destroy() {
      element.removeEventListener(Enums.Events.IMAGE_RENDERED, onRendered);
      element.removeEventListener(Enums.Events.PRE_STACK_NEW_IMAGE, onSliceRequested);
      if (isCurrent()) renderingEngine.disableElement(viewportId);
    },
  };
}
