import { useEffect, useRef, useState } from 'react';
import { describeSlice, type FileReport, type ImageSeries, type Study } from '../../dicom/studies';
import { CappedText } from '../CappedText';
import type { CornerstoneRuntime } from '../../viewer/cornerstoneRuntime';
import { windowPresets } from '../../viewer/presets';
import type { ShownMeasurement } from '../../viewer/measurementLayer';
import { createStackViewer, type StackViewer, type ViewState } from '../../viewer/stackViewer';

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
}

interface Progress {
  decoded: number;
  total: number;
}

const roleLabel = { baseline: 'Baseline', 'follow-up': 'Follow-up' } as const;

export function StudyViewport(props: StudyViewportProps) {
  const { runtime, study, role, viewportId } = props;
  const elementRef = useRef<HTMLDivElement>(null);
  const [seriesUid, setSeriesUid] = useState(study.imageSeries[0]?.seriesInstanceUid ?? '');
  const [view, setView] = useState<ViewState | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [ready, setReady] = useState(false);
  const viewerRef = useRef<StackViewer | null>(null);
  const series = study.imageSeries.find((candidate) => candidate.seriesInstanceUid === seriesUid) ?? study.imageSeries[0] ?? null;
  // Callbacks change on every parent render; the viewer's lifetime must not.
  const callbacks = useRef(props);
  callbacks.current = props;

  useEffect(() => setSeriesUid(study.imageSeries[0]?.seriesInstanceUid ?? ''), [study]);

  useEffect(() => {
    const element = elementRef.current;
    if (!element || !series) return;
    let live = true;
    let viewer: StackViewer | null = null;
    let resizeObserver: ResizeObserver | null = null;
    setView(null);
    setProgress({ decoded: 0, total: series.slices.length });
    void (async () => {
      viewer = await createStackViewer(runtime, element, viewportId, {
        onRender: (state) => {
          setView(state);
          callbacks.current.onSliceChange(state.sliceIndex);
        },
      });
      if (!live) return viewer.destroy();
      const errors: FileReport[] = [];
      void runtime
        .decodeSeries(series, {
          onProgress: (decoded, total) => live && setProgress({ decoded, total }),
          onSliceError: (fileName, message) => errors.push({ fileName, message }),
        })
        .then(() => {
          if (!live) return;
          if (errors.length > 0) callbacks.current.onSliceErrors(errors);
          callbacks.current.onSeriesDecoded(series.seriesInstanceUid);
        });
      try {
        await viewer.show(runtime.imageIdsOf(series), Math.floor(series.slices.length / 2));
      } catch {
        // The decode pass names the files that fail; the viewport stays empty for them.
      }
      if (!live) return;
      if (series.modality === 'CT') viewer.setWindow(windowPresets.liver);
      callbacks.current.onViewer(viewer, series);
      viewerRef.current = viewer;
      setReady(true);
      // The canvas follows its box: panels opening, the window resizing, the grid settling.
      // A hidden viewport (the report is open) has no size: keep the canvas, camera and slice as they are.
      resizeObserver = new ResizeObserver(() => {
        if (element.clientWidth > 0 && element.clientHeight > 0) viewer?.resize();
      });
      resizeObserver.observe(element);
    })();
    return () => {
      live = false;
      resizeObserver?.disconnect();
      viewerRef.current = null;
      setReady(false);
      callbacks.current.onViewer(null, null);
      viewer?.destroy();
    };
  }, [runtime, series, viewportId]);

  const { measurements } = props;
  useEffect(() => {
    if (!ready) return;
    void runtime.readingTools().then((tools) => tools.measurements.show(viewportId, measurements));
  }, [runtime, viewportId, ready, measurements]);

  const slice = view && series ? describeSlice(series, view.sliceIndex) : null;
  const currentSop = view && series ? series.slices[view.sliceIndex]?.instance.metadata.sopInstanceUid : undefined;
  const labels =
    viewerRef.current && currentSop
      ? measurements
          .filter((item) => item.measurement.image.sopInstanceUid === currentSop)
          .map((item) => ({
            item,
            // The viable part's label sits at the other end, so the two never overlap.
            at: viewerRef.current!.worldToCanvas(item.measurement.longAxis[item.part === 'whole' ? 1 : 0]),
          }))
      : [];
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
              {candidate.seriesNumber !== null ? `${candidate.seriesNumber}: ` : ''}
              {candidate.description || candidate.modality || 'Unnamed series'} ({candidate.slices.length})
            </option>
          ))}
        </select>
        {progress && progress.decoded < progress.total && (
          <progress className="series-progress" max={progress.total} value={progress.decoded} aria-label="Series loading" />
        )}
      </div>
      <div className="viewport-frame">
        <div ref={elementRef} className="viewport" data-testid={`viewport-${role}`} onContextMenu={(event) => event.preventDefault()} />
        {labels.map(({ item, at }) => (
          <span
            key={item.key}
            className={`measurement-label ${item.part}${item.selected ? ' selected' : ''}`}
            style={{ left: `${at[0] + 6}px`, top: `${at[1] - 6}px` }}
            data-testid="measurement-label"
          >
            {item.label} {item.measurement.longAxisMm.toFixed(1)} × {item.measurement.shortAxisMm.toFixed(1)} mm
          </span>
        ))}
        {series === null && <p className="viewport-empty">This study has no image series.</p>}
        {series && (
          <div className="overlay overlay-top-left" data-testid={`overlay-${role}`}>
            <div>{study.patientName ? <CappedText text={study.patientName} cap={60} /> : 'Unnamed patient'}</div>
            <div>{study.date ?? 'date unknown'}</div>
            <div>{series.description ? <CappedText text={series.description} cap={60} /> : 'Unnamed series'}</div>
            {!series.calibrated && <div className="warning">Uncalibrated: no pixel spacing, no measurement in mm</div>}
            {(slice?.refused ?? []).map((message) => (
              <div key={message} className="warning" data-testid="refused-value">
                Refused: {message}
              </div>
            ))}
          </div>
        )}
        {view && slice && (
          <div className="overlay overlay-bottom-left" data-testid={`overlay-slice-${role}`}>
            <div>
              Slice {view.sliceIndex + 1} / {view.sliceCount}
            </div>
            <div>Position {slice.position}</div>
            {slice.thickness && <div>Thickness {slice.thickness}</div>}
            {view.window && (
              <div>
                W {Math.round(view.window.windowWidth)} L {Math.round(view.window.windowCenter)}
              </div>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
