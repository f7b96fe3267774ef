import { useEffect, useMemo, useRef, useState } from 'react';
import type { FileReport, ImageSeries, Study } from '../../state/studyModel';
import { projectCaliper, seriesLabel } from '../../state/caliperProjection';
import { openingSeries, startingSlice, type ViewportPlace } from '../../state/openingSlices';
import type { Point3 } from '../../../workers/read/model';
import type { CornerstoneRuntime } from '../../viewer/cornerstoneRuntime';
import { windowPresets } from '../../viewer/presets';
import type { ShownMeasurement } from '../../viewer/measurementLayer';
import { createStackViewer, type StackViewer, type ViewState } from '../../viewer/stackViewer';
import { MeasurementLabel } from './MeasurementLabel';
import { labelledItems } from './coincidentLabels';
import { ViewportOverlays } from './ViewportOverlays';
import { coalesce } from './coalesce';

export type { ViewportPlace } from '../../state/openingSlices';

export interface StudyViewportProps {
  runtime: CornerstoneRuntime;
  study: Study;
  role: 'baseline' | 'follow-up';
  viewportId: string;
  active: boolean;
  onActivate(): void;
  onViewer(viewer: StackViewer | null, series: ImageSeries | null): void;
  onSliceChange(sliceIndex: number): void;
  onSeriesDecoded(seriesUid: string): void;
  onSliceErrors(errors: FileReport[]): void;
  measurements: ShownMeasurement[];
  /** where to open (a reload returning to its place); otherwise the middle of the first series */
  initialPlace?: ViewportPlace | null;
  onPlace?(place: ViewportPlace): void;
}

interface Progress {
  decoded: number;
  total: number;
}

/** how often a series' loading bar repaints while its slices decode */
const PROGRESS_REPAINT_MS = 150;

const roleLabel = { baseline: 'Baseline', 'follow-up': 'Follow-up' } as const;

/** The read's measurements of this study as they show on `series`: its own, and those of its frame of reference drawn elsewhere. */
function shownOn(study: Study, series: ImageSeries | null, measurements: readonly ShownMeasurement[]): ShownMeasurement[] {
  if (!series) return [];
  return measurements.flatMap((item) => {
    if (item.measurement.image.seriesInstanceUid === series.seriesInstanceUid) return [item];
    const projection = projectCaliper(study, series, item.measurement);
    return projection ? [{ ...item, measurement: { ...item.measurement, image: projection.image }, drawnOnLabel: projection.drawnOnLabel }] : [];
  });
}

export function StudyViewport(props: StudyViewportProps) {
  const { runtime, study, role, viewportId } = props;
  const elementRef = useRef<HTMLDivElement>(null);
  const [seriesUid, setSeriesUid] = useState(() => openingSeries(study, props.initialPlace ?? null)?.seriesInstanceUid ?? '');
  const [view, setView] = useState<ViewState | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  // The viewer showing the series, not a flag: a series already decoded is shown again before React
  // renders the reset of the viewer it replaces, and a flag set false then true in one batch would not
  // run the measurement effect for the new viewer.
  const [showing, setShowing] = useState<StackViewer | null>(null);
  const [valueUnderCursor, setValueUnderCursor] = useState<number | null>(null);
  const [widthPx, setWidthPx] = useState(0);
  const viewerRef = useRef<StackViewer | null>(null);
  const placeRef = useRef<ViewportPlace | null>(props.initialPlace ?? null);
  const cursorRef = useRef<[number, number] | null>(null);
  const series = study.imageSeries.find((candidate) => candidate.seriesInstanceUid === seriesUid) ?? study.imageSeries[0] ?? null;
  // Callbacks change on every parent render; the viewer's lifetime must not.
  const callbacks = useRef(props);
  callbacks.current = props;

  useEffect(() => {
    if (!study.imageSeries.some((candidate) => candidate.seriesInstanceUid === seriesUid)) setSeriesUid(study.imageSeries[0]?.seriesInstanceUid ?? '');
  }, [study, seriesUid]);

  // Click-to-measure on an arterial series reads the mean HU on the study's portal venous series
  // (M-SEG-6): the runtime knows every image series of the study, not only the one shown (ids only,
  // nothing is fetched or decoded until a click needs a slice).
  useEffect(() => {
    for (const other of study.imageSeries) runtime.imageIdsOf(other);
  }, [runtime, study]);

  useEffect(() => {
    const element = elementRef.current;
    if (!element || !series) return;
    let live = true;
    let viewer: StackViewer | null = null;
    let resizeObserver: ResizeObserver | null = null;
    setView(null);
    setProgress({ decoded: 0, total: series.slices.length });
    const remember = (state: ViewState) => {
      if (!viewer) return;
      const [width, height] = [element.clientWidth, element.clientHeight];
      const place: ViewportPlace = {
        seriesUid: series.seriesInstanceUid,
        frameOfReferenceUid: series.frameOfReferenceUid,
        pointMm: state.imagePositionPatient ? centreOfView(viewer, width, height) : null,
        zoomPan: viewer.zoomPan(),
        sliceIndex: state.sliceIndex,
      };
      placeRef.current = place;
      element.dataset.seriesUid = series.seriesInstanceUid;
      callbacks.current.onPlace?.(place);
    };
    const start = startingSlice(series, placeRef.current);
    // Failures are told as they happen and reported together: when the series is done, or when the
    // viewport leaves it before then (the rest are told to the viewport that opens it next).
    let errors: FileReport[] = [];
    const reportErrors = () => {
      if (errors.length > 0) callbacks.current.onSliceErrors(errors);
      errors = [];
    };
    const progressBar = coalesce(setProgress, PROGRESS_REPAINT_MS);
    // Decoding starts with the slice the viewport opens on, before the viewer exists.
    const decoding = runtime.decodeSeries(series, start.index, {
      onProgress: (decoded, total, sliceIndex) => {
        if (!live) return;
        progressBar.set({ decoded, total }, decoded === total);
        // Written at once, not at React's next render: tests follow the order slices are decoded in.
        element.dataset.slicesDecoded = String(decoded);
        if (sliceIndex !== undefined) element.dataset.lastDecodedSlice = String(sliceIndex);
      },
      onSliceError: (fileName, message) => errors.push({ fileName, message }),
    });
    void decoding.done.then(() => {
      if (!live) return;
      reportErrors();
      callbacks.current.onSeriesDecoded(series.seriesInstanceUid);
    });
    void (async () => {
      viewer = await createStackViewer(runtime, element, viewportId, {
        onRender: (state) => {
          setView(state);
          remember(state);
          const cursor = cursorRef.current;
          if (cursor && viewer) setValueUnderCursor(viewer.modalityValueAt(cursor[0], cursor[1]));
          callbacks.current.onSliceChange(state.sliceIndex);
        },
        onSliceRequested: (index) => decoding.focus(index),
      });
      if (!live) return viewer.destroy();
      try {
        // Resolves once the opening slice is decoded: the series shows while the rest fill in.
        await viewer.show(runtime.imageIdsOf(series), start.index, start.zoomPan);
      } catch {
        // The decode pass names the files that fail; the viewport stays empty for them.
      }
      if (!live) return;
      if (series.modality === 'CT') viewer.setWindow(windowPresets.liver);
      callbacks.current.onViewer(viewer, series);
      viewerRef.current = viewer;
      setShowing(viewer);
      // The canvas follows its box: panels opening, the window resizing, the grid settling.
      // A hidden viewport (the report is open) has no size: keep the canvas, camera and slice as they are.
      setWidthPx(element.clientWidth);
      resizeObserver = new ResizeObserver(() => {
        if (element.clientWidth > 0 && element.clientHeight > 0) {
          viewer?.resize();
          setWidthPx(element.clientWidth);
        }
      });
      resizeObserver.observe(element);
    })();
    return () => {
      live = false;
      progressBar.cancel();
      decoding.leave();
      reportErrors();
      resizeObserver?.disconnect();
      viewerRef.current = null;
      setShowing(null);
      callbacks.current.onViewer(null, null);
      viewer?.destroy();
    };
  }, [runtime, series, viewportId]);

  const shown = useMemo(() => shownOn(study, series, props.measurements), [study, series, props.measurements]);
  useEffect(() => {
    if (!showing) return;
    void runtime.readingTools().then((tools) => tools.measurements.show(viewportId, shown));
  }, [runtime, viewportId, showing, shown]);

  const currentSop = view && series ? series.slices[view.sliceIndex]?.instance.metadata.sopInstanceUid : undefined;
  const labels =
    viewerRef.current && currentSop
      ? labelledItems(shown.filter((item) => item.measurement.image.sopInstanceUid === currentSop)).flatMap((item) => {
          // The viable part's label sits at the other end, so the two never overlap.
          const at = viewerRef.current!.worldToCanvas(item.measurement.longAxis[item.part === 'whole' ? 1 : 0]);
          // none while a series just chosen has no slice drawn yet: the next render places them
          return at ? [{ item, at }] : [];
        })
      : [];
  const onPointerMove = (event: React.PointerEvent) => {
    const box = elementRef.current?.getBoundingClientRect();
    if (!box || !viewerRef.current) return;
    cursorRef.current = [event.clientX - box.left, event.clientY - box.top];
    setValueUnderCursor(viewerRef.current.modalityValueAt(cursorRef.current[0], cursorRef.current[1]));
  };
  const onPointerLeave = () => {
    cursorRef.current = null;
    setValueUnderCursor(null);
  };
  return (
    <section
      className={`study-viewport${props.active ? ' active' : ''}`}
      aria-label={`${roleLabel[role]} viewport`}
      data-testid={`viewport-panel-${role}`}
      onPointerDown={props.onActivate}
      onWheel={props.onActivate}
    >
      <div className="viewport-header">
        <strong>{roleLabel[role]}</strong>
        <span>{study.date ?? 'date unknown'}</span>
        <select
          aria-label={`${roleLabel[role]} series`}
          data-testid={`series-picker-${role}`}
          value={series?.seriesInstanceUid ?? ''}
          onChange={(event) => setSeriesUid(event.target.value)}
        >
          {study.imageSeries.map((candidate) => (
            <option key={candidate.seriesInstanceUid} value={candidate.seriesInstanceUid}>
              {seriesLabel(candidate)} ({candidate.slices.length})
            </option>
          ))}
        </select>
        {progress && progress.decoded < progress.total && (
          <progress className="series-progress" max={progress.total} value={progress.decoded} aria-label="Series loading" />
        )}
      </div>
      <div className="viewport-frame" onPointerMove={onPointerMove} onPointerLeave={onPointerLeave}>
        <div ref={elementRef} className="viewport" data-testid={`viewport-${role}`} onContextMenu={(event) => event.preventDefault()} />
        {labels.map(({ item, at }) => (
          <MeasurementLabel key={item.key} item={item} at={at} />
        ))}
        {series === null && <p className="viewport-empty">This study has no image series.</p>}
        {series && <ViewportOverlays role={role} study={study} series={series} view={view} widthPx={widthPx} valueUnderCursor={valueUnderCursor} />}
      </div>
    </section>
  );
}

/** The patient point at the centre of the view: the slice plane, where the reader is looking. */
function centreOfView(viewer: StackViewer, width: number, height: number): Point3 | null {
  return width > 0 && height > 0 ? viewer.canvasToWorld(width / 2, height / 2) : null;
}
