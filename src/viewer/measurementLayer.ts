import { eventTarget, getRenderingEngine, imageLoader, type StackViewport } from '@cornerstonejs/core';
import { annotation as annotationApi, BidirectionalTool, EllipticalROITool, Enums as ToolEnums, type Types as ToolTypes } from '@cornerstonejs/tools';
import type { BidirectionalMeasurement, LesionVolume, Point3 } from '../../workers/read/model';
import { annotationToMeasurement, type MappedMeasurement, type MeasurementPart } from './annotationMapper';
import type { ImageIndex, RegisteredSeries } from './imageIndex';
import { portalSliceThrough } from './portalCompanion';
import type { Slice } from '../state/studyModel';
import type { SegmentOptions } from '../../workers/measure/segment';
import { densityRefusal } from '../../workers/measure/proposedDensity';
import { modalityValueAt, planeOf } from './imagePixels';
import { ellipseStatistics, type RoiStatistics } from './roiStatistics';
import { proposeOnImage, proposeVolume, type ProposalResult } from './clickProposal';
import type { ViewportElementProbe } from './viewportProbe';

/** The viable-part caliper: the same tool under another name, drawn in another colour. */
export class EnhancingBidirectionalTool extends BidirectionalTool {
  static override toolName = 'EnhancingBidirectional';
}

export const toolNameOf: Record<MeasurementPart, string> = {
  whole: BidirectionalTool.toolName,
  enhancing: EnhancingBidirectionalTool.toolName,
};

const colours: Record<MeasurementPart, { color: string; selected: string }> = {
  whole: { color: 'rgb(80, 200, 255)', selected: 'rgb(255, 255, 255)' },
  enhancing: { color: 'rgb(255, 150, 40)', selected: 'rgb(255, 230, 120)' },
};

/** A measurement of the read as it should appear on a viewport. */
export interface ShownMeasurement {
  key: string;
  part: MeasurementPart;
  label: string;
  measurement: BidirectionalMeasurement;
  selected: boolean;
  /**
   * Set when the caliper was drawn on another series of the same frame of reference and is shown
   * here on the nearest slice: dashed, locked (it is edited where it was drawn), named by that series.
   */
  drawnOnLabel?: string;
  /** A caliper of the case's reference read (quiz feedback): its own colour, locked, never the reader's */
  reference?: boolean;
  /** A caliper of read A or B on the adjudicator's screen (issue 15 §3): that read's colour, whole and viable alike, locked */
  adjudicatedRead?: 'A' | 'B';
}

/** The two reads under adjudication, in the colours of the adjudication tables (src/app/styles.css .read-a, .read-b). */
const ADJUDICATED_COLOURS = { A: 'rgb(90, 200, 255)', B: 'rgb(255, 170, 70)' } as const;

/** The reference read's calipers, whole or viable: magenta, a colour the read's own calipers never take. */
const REFERENCE_COLOUR = 'rgb(235, 90, 235)';

export type DensityResult = { ok: true; statistics: RoiStatistics; centre: Point3 } | { ok: false; reason: string };

export type MeasurementEvent =
  /** The reader drew a new caliper: the app decides which lesion it belongs to */
  | { kind: 'drawn'; viewportId: string; part: MeasurementPart; result: MappedMeasurement }
  /** The reader drew an elliptical region: its mean attenuation (Choi), for the selected lesion */
  | { kind: 'density'; viewportId: string; result: DensityResult }
  /** The reader moved the handles of a shown measurement */
  | { kind: 'edited'; key: string; result: MappedMeasurement }
  /** The reader clicked in click-to-measure mode: the calipers proposed there (docs/measurement.md) */
  | { kind: 'proposed'; viewportId: string; result: ProposalResult }
  /** The same click followed over the neighbouring slices (M-SEG-5): the lesion's volumes, or null when not found */
  | { kind: 'proposedVolume'; viewportId: string; at: Point3; volume: LesionVolume | null };

export interface MeasurementLayer {
  show(viewportId: string, items: readonly ShownMeasurement[]): void;
  subscribe(listener: (event: MeasurementEvent) => void): () => void;
  /** Click-to-measure at a patient point on the image a viewport shows; the answer comes as a 'proposed' event. */
  propose(viewportId: string, at: Point3, options?: { enhancingThreshold?: number }): Promise<void>;
  /** Removes the listeners the layer added to Cornerstone's event target and the window. */
  dispose(): void;
}

const CANONICAL_PREFIX = 'nadir:';
const uidOf = (key: string) => `${CANONICAL_PREFIX}${key}`;
const signature = (item: ShownMeasurement) =>
  JSON.stringify([item.measurement.longAxis, item.measurement.shortAxis, item.measurement.image, item.label, item.selected, item.drawnOnLabel ?? null, item.reference ?? false, item.adjudicatedRead ?? null]);
/** The dash of a caliper shown away from the series it was drawn on. */
const PROJECTED_DASH = '6,4';

type AnnotationStyle = Parameters<typeof annotationApi.config.style.setAnnotationStyles>[1];

/**
 * Cornerstone looks a style up as the property with the annotation's state (hovered, selected,
 * locked) before the property alone, and its defaults colour those states (green, yellow): the read's
 * colour, width and dash are given for every state, or a caliper the reader last touched turns green.
 */
function inEveryState(style: { color: string; lineWidth: number; lineDash: string }): AnnotationStyle {
  const styles: Record<string, string | number> = {};
  for (const state of Object.values(ToolEnums.AnnotationStyleStates)) for (const [property, value] of Object.entries(style)) styles[`${property}${state}`] = value;
  return styles as AnnotationStyle;
}

/**
 * M-SEG-6: a click on an arterial series (where the viable part is read) reads the lesion's mean HU
 * on the study's portal venous series through the same point, where Choi reads it, over the region
 * found on the arterial slice (at the portal phase a lesion can be nearly as dense as the liver).
 */
async function proposeWithDensity(imageId: string, slice: Slice, at: Point3, options: SegmentOptions, registered: readonly RegisteredSeries[]): Promise<ProposalResult> {
  const portal = densityRefusal(slice.instance.metadata) === 'arterialPhase' ? portalSliceThrough(registered, slice, at) : null;
  if (!portal) return proposeOnImage(imageId, slice, at, options);
  // a portal slice that cannot be read (a failed retrieval) costs the mean HU, not the calipers
  const withPortal = await proposeOnImage(imageId, slice, at, options, portal).catch(() => null);
  if (withPortal) return withPortal;
  const alone = await proposeOnImage(imageId, slice, at, options);
  return alone.ok ? { ...alone, density: { kind: 'notProposed', reason: 'notOnPortalSeries' } } : alone;
}

/**
 * Keeps Cornerstone's annotations equal to the read: the read is the source of truth. A caliper the
 * reader draws is reported and removed; the read then shows it again as a canonical annotation.
 */
export function createMeasurementLayer(renderingEngineId: string, images: ImageIndex): MeasurementLayer {
  const listeners = new Set<(event: MeasurementEvent) => void>();
  const shownByViewport = new Map<string, Map<string, string>>(); // viewportId → key → signature
  const dirty = new Set<string>();
  const emit = (event: MeasurementEvent) => listeners.forEach((listener) => listener(event));
  const partOf = (toolName: string): MeasurementPart | null =>
    toolName === toolNameOf.whole ? 'whole' : toolName === toolNameOf.enhancing ? 'enhancing' : null;

  const onCompleted = (event: Event) => {
    const { annotation } = (event as CustomEvent<{ annotation: ToolTypes.Annotation }>).detail;
    if (annotation.metadata?.toolName === EllipticalROITool.toolName) {
      // The read keeps the mean, not the region: the ellipse goes once it is measured.
      const viewportId = viewportShowing(annotation.metadata.referencedImageId);
      annotationApi.state.removeAnnotation(annotation.annotationUID!);
      if (viewportId) void densityOf(annotation).then((result) => emit({ kind: 'density', viewportId, result }));
      return;
    }
    const part = partOf(annotation.metadata?.toolName ?? '');
    if (!part || annotation.annotationUID?.startsWith(CANONICAL_PREFIX)) return;
    const viewportId = viewportShowing(annotation.metadata?.referencedImageId);
    annotationApi.state.removeAnnotation(annotation.annotationUID!);
    if (viewportId) emit({ kind: 'drawn', viewportId, part, result: annotationToMeasurement(annotation, images.sliceOf) });
  };
  const onModified = (event: Event) => {
    const { annotation, changeType } = (event as CustomEvent<{ annotation: ToolTypes.Annotation; changeType?: string }>).detail;
    if (changeType === ToolEnums.ChangeTypes.HandlesUpdated && annotation.annotationUID?.startsWith(CANONICAL_PREFIX)) dirty.add(annotation.annotationUID);
  };
  // A handle drag has no "done" event of its own: the edit is settled when the button comes up.
  const onMouseUp = () => {
    for (const uid of dirty) {
      const annotation = annotationApi.state.getAnnotation(uid);
      if (annotation) emit({ kind: 'edited', key: uid.slice(CANONICAL_PREFIX.length), result: annotationToMeasurement(annotation, images.sliceOf) });
    }
    dirty.clear();
  };
  eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_COMPLETED, onCompleted);
  eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_MODIFIED, onModified);
  window.addEventListener('mouseup', onMouseUp);

  async function densityOf(annotation: ToolTypes.Annotation): Promise<DensityResult> {
    const imageId = annotation.metadata?.referencedImageId;
    const slice = imageId ? images.sliceOf(imageId) : undefined;
    if (!imageId || !slice) return { ok: false, reason: 'the region is not on an image of a loaded series' };
    if (slice.instance.metadata.modality !== 'CT') return { ok: false, reason: 'mean attenuation in HU needs a CT image' };
    if (!slice.instance.metadata.densityCalibrated) return { ok: false, reason: 'this image\'s rescale was refused, so its pixel values are not HU' };
    const points = annotation.data.handles?.points;
    const plane = planeOf(imageId, slice);
    if (!plane) return { ok: false, reason: 'this image has no pixel spacing or geometry' };
    if (!points || points.length < 4) return { ok: false, reason: 'the region is incomplete' };
    const image = await imageLoader.loadAndCacheImage(imageId);
    const valueAt = modalityValueAt(image);
    if (!valueAt) return { ok: false, reason: 'mean attenuation needs a greyscale image' };
    const at = (index: number): Point3 => [points[index]![0], points[index]![1], points[index]![2]];
    const handles = [at(0), at(1), at(2), at(3)] as const;
    const statistics = ellipseStatistics(plane, handles, { rows: image.rows, columns: image.columns, valueAt });
    const mean = (axis: 0 | 1 | 2) => (handles[0][axis] + handles[1][axis] + handles[2][axis] + handles[3][axis]) / 4;
    const centre: Point3 = [mean(0), mean(1), mean(2)];
    return statistics ? { ok: true, statistics, centre } : { ok: false, reason: 'the region holds no pixel centre: draw it larger' };
  }

  function viewportShowing(imageId: string | undefined): string | null {
    const engine = getRenderingEngine(renderingEngineId);
    if (!engine || !imageId) return null;
    const viewport = engine.getViewports().find((candidate) => 'getImageIds' in candidate && (candidate as StackViewport).getImageIds().includes(imageId));
    return viewport?.id ?? null;
  }

  return {
    show(viewportId, items) {
      const engine = getRenderingEngine(renderingEngineId);
      const viewport = engine?.getViewport(viewportId);
      if (!viewport) return;
      const previous = shownByViewport.get(viewportId) ?? new Map<string, string>();
      const next = new Map<string, string>();
      // Cornerstone files an annotation under the frame of reference of the viewport it is hydrated on
      // and draws on a viewport only those of its own frame of reference. While a viewer is replaced
      // (another series), the viewport exists before it shows anything: an annotation hydrated then has
      // no frame of reference and is never drawn. It waits for the show() that follows the new stack.
      const stack = 'getImageIds' in viewport ? (viewport as StackViewport).getImageIds() : [];
      const frameOfReference = viewport.getFrameOfReferenceUID();
      for (const item of items) {
        const imageId = images.imageIdOf(item.measurement.image);
        if (!imageId || !stack.includes(imageId)) continue;
        const uid = uidOf(item.key);
        next.set(item.key, signature(item));
        const existing = annotationApi.state.getAnnotation(uid);
        if (existing && previous.get(item.key) === next.get(item.key) && existing.metadata?.FrameOfReferenceUID === frameOfReference) continue;
        if (existing) annotationApi.state.removeAnnotation(uid);
        const Tool = item.part === 'whole' ? BidirectionalTool : EnhancingBidirectionalTool;
        const { longAxis, shortAxis } = item.measurement;
        const created = BidirectionalTool.hydrate(viewportId, [[[...longAxis[0]], [...longAxis[1]]], [[...shortAxis[0]], [...shortAxis[1]]]], {
          annotationUID: uid,
          referencedImageId: imageId,
          toolInstance: new Tool(),
        });
        if (created) {
          created.data.label = item.label;
          // Locking lives in Cornerstone's set of locked ids (kept by id across hydrations), not in the
          // annotation's own flag: a caliper shown away from its series is edited where it was drawn.
          annotationApi.locking.setAnnotationLocked(uid, item.drawnOnLabel !== undefined || item.reference === true || item.adjudicatedRead !== undefined);
          const colour = colours[item.part];
          annotationApi.config.style.setAnnotationStyles(
            uid,
            inEveryState({
              color: item.adjudicatedRead ? ADJUDICATED_COLOURS[item.adjudicatedRead] : item.reference ? REFERENCE_COLOUR : item.selected ? colour.selected : colour.color,
              lineWidth: item.selected ? 3 : 1.5,
              lineDash: item.drawnOnLabel !== undefined ? PROJECTED_DASH : '',
            }),
          );
        }
      }
      for (const key of previous.keys()) if (!next.has(key)) annotationApi.state.removeAnnotation(uidOf(key));
      shownByViewport.set(viewportId, next);
      (viewport.element as HTMLDivElement & ViewportElementProbe).nadirCalipers = () =>
        [...next.keys()].flatMap((key) => {
          const points = annotationApi.state.getAnnotation(uidOf(key))?.data.handles?.points;
          return points ? [{ key, points: points.map((p): [number, number, number] => [p[0], p[1], p[2]]) }] : [];
        });
      viewport.render();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async propose(viewportId, clicked, options = {}) {
      // one point object per click: the volume event names the proposal it belongs to by it (the same point proposed again with another threshold is another proposal)
      const at: Point3 = [clicked[0], clicked[1], clicked[2]];
      const viewport = getRenderingEngine(renderingEngineId)?.getViewport(viewportId) as StackViewport | undefined;
      const imageId = viewport?.getCurrentImageId();
      const slice = imageId ? images.sliceOf(imageId) : undefined;
      const result: ProposalResult = imageId && slice ? await proposeWithDensity(imageId, slice, at, options, images.registered()) : { ok: false, at, reason: 'the viewport shows no image of a loaded series' };
      emit({ kind: 'proposed', viewportId, result });
      // The volume follows the calipers, so that the proposal is never kept waiting for the slices around it.
      if (!result.ok || !viewport) return;
      const volume = await proposeVolume({ imageIds: viewport.getImageIds(), index: viewport.getCurrentImageIdIndex(), sliceOf: images.sliceOf }, at, options).catch(() => null);
      emit({ kind: 'proposedVolume', viewportId, at, volume });
    },
    dispose() {
      eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_COMPLETED, onCompleted);
      eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_MODIFIED, onModified);
      window.removeEventListener('mouseup', onMouseUp);
      listeners.clear();
    },
  };
}
