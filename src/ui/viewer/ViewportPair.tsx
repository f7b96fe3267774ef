import { useCallback, useEffect, useRef, useState } from 'react';
import type { FileReport, ImageSeries, Study } from '../../state/studyModel';
import { defaultOffsetMm, linkedSliceIndex, nearestSliceIndex, offsetProblem, positionAlongNormalMm, slicePositionsMm } from '../../state/sliceSync';
import type { ShownMeasurement } from '../../viewer/measurementLayer';
import type { Point3 } from '../../../workers/read/model';
import type { CornerstoneRuntime } from '../../viewer/cornerstoneRuntime';
import { windowPresets } from '../../viewer/presets';
import type { StackViewer } from '../../viewer/stackViewer';
import type { StudyView } from '../../state/place';
import type { StudyViews } from '../../state/placeStore';
import { useKeys } from '../keys/useKeys';
import { StudyViewport } from './StudyViewport';
import { placeOfView, type ViewportPlace } from '../../state/openingSlices';
import { CINE_CONTROL, useCine } from './useCine';
import { CINE_RATES_FPS, loadViewerPreferences, saveViewerPreferences, type ViewerPreferences } from './viewerPreferences';

type Role = 'baseline' | 'follow-up';

/** Where a lesion is (or is expected), and its size: the viewport centres on it and zooms to fit. */
export interface FocusTarget {
  centre: Point3;
  longAxisMm: number;
  /** the centre is the lesion's position at another study, not shifted yet: the slice offset places it along the normal */
  unshifted?: boolean;
}

/** Bring both viewports to a lesion: where it was measured, or (follow-up) where the baseline suggests. */
export interface FocusRequest {
  sequence: number;
  baseline: FocusTarget | null;
  followUp: FocusTarget | null;
}

/**
 * The field shown around a lesion brought into view: two and a half times its long axis, so that it
 * fills about 40 % of the narrower side (room to grow, handles far enough apart to place them to a
 * pixel), and never less than 40 mm, so that a small node keeps its surroundings.
 */
export const focusFieldMm = (longAxisMm: number) => Math.max(40, 2.5 * longAxisMm);

interface Props {
  runtime: CornerstoneRuntime;
  baseline: Study;
  followUp: Study | null;
  onSliceErrors(errors: FileReport[]): void;
  measurements: Record<Role, ShownMeasurement[]>;
  focus: FocusRequest | null;
  /** false while the viewports are hidden behind another view: their keys must not act unseen */
  keysActive?: boolean;
  /** each study's series, slice, zoom and pan, kept so that a reload (or coming back to the study) opens there */
  views?: StudyViews;
}

interface Shown {
  viewer: StackViewer;
  series: ImageSeries;
  positionsMm: (number | null)[];
}

const other = (role: Role): Role => (role === 'baseline' ? 'follow-up' : 'baseline');

const viewOf = (place: ViewportPlace): StudyView => ({ seriesUid: place.seriesUid, sliceIndex: place.sliceIndex ?? 0, zoomPan: place.zoomPan });

export function ViewportPair({ runtime, baseline, followUp, onSliceErrors, measurements, focus, keysActive = true, views }: Props) {
  const shown = useRef<Record<Role, Shown | null>>({ baseline: null, 'follow-up': null });
  const keysActiveRef = useRef(keysActive);
  keysActiveRef.current = keysActive;
  const [active, setActive] = useState<Role>('baseline');
  const [linkScroll, setLinkScroll] = useState(true);
  const [linkWindow, setLinkWindow] = useState(false);
  const [linkZoom, setLinkZoom] = useState(false);
  const [offsetMm, setOffsetMm] = useState(0);
  const [ready, setReady] = useState(0);
  const decoded = useRef(new Set<string>());
  const state = useRef({ active, linkScroll, offsetMm });
  state.current = { active, linkScroll, offsetMm };
  const [preferences, setPreferences] = useState<ViewerPreferences>(() => loadViewerPreferences(localStorage));
  const updatePreferences = (change: Partial<ViewerPreferences>) => {
    const next = { ...preferences, ...change };
    setPreferences(next);
    saveViewerPreferences(localStorage, next);
  };
  const cineTarget = useCallback(() => {
    const target = shown.current[state.current.active] ?? shown.current.baseline;
    return target ? { viewer: target.viewer, sliceCount: target.series.slices.length } : null;
  }, []);
  const cine = useCine(cineTarget, preferences.cineFps);
  const toggleCine = useRef(cine.toggle);
  toggleCine.current = cine.toggle;

  useEffect(() => {
    void runtime.readingTools().then((tools) => tools.setWheelInverted(preferences.wheelInverted));
  }, [runtime, preferences.wheelInverted]);

  // The mark that benchmarks (and ttfi.mjs) wait for: every shown series decoded. Checked when a
  // series is done and when a viewer is shown, since a small series can finish before its viewer shows;
  // the follow-up, when there is one, must be shown too.
  const hasFollowUp = useRef(followUp !== null);
  hasFollowUp.current = followUp !== null;
  const markIfAllDecoded = useCallback(() => {
    const pair = shown.current;
    const all = [pair.baseline, pair['follow-up']].filter((entry): entry is Shown => entry !== null);
    if (all.length === (hasFollowUp.current ? 2 : 1) && all.every((entry) => decoded.current.has(entry.series.seriesInstanceUid))) {
      if (performance.getEntriesByName('viewer:series-loaded').length === 0) performance.mark('viewer:series-loaded');
    }
  }, []);
  // Only the viewport the reader is driving moves the other one, so the two never chase each other;
  // and only when its slice changes: a render for a window, a zoom or a resize leaves the other where
  // it is (a reload restores both slices, and the first resize must not overwrite the follow-up's).
  const lastIndex = useRef<Record<Role, number | null>>({ baseline: null, 'follow-up': null });
  const onViewer = useCallback((role: Role) => (viewer: StackViewer | null, series: ImageSeries | null) => {
    shown.current[role] = viewer && series ? { viewer, series, positionsMm: slicePositionsMm(series) } : null;
    // the slice a viewer opens on (a reload's kept slice) is where it stands, not a move for the other to follow
    lastIndex.current[role] = viewer ? viewer.currentIndex() : null;
    const pair = shown.current;
    if (pair.baseline && pair['follow-up']) setOffsetMm(defaultOffsetMm(pair.baseline.series, pair['follow-up'].series));
    setReady((count) => count + 1);
    markIfAllDecoded();
  }, [markIfAllDecoded]);

  const onSliceChange = useCallback((role: Role) => (sliceIndex: number) => {
    const moved = lastIndex.current[role] !== sliceIndex;
    lastIndex.current[role] = sliceIndex;
    if (!moved) return;
    const { active: driver, linkScroll: linked, offsetMm: offset } = state.current;
    const from = shown.current[role];
    const to = shown.current[other(role)];
    if (!linked || role !== driver || !from || !to) return;
    const target = linkedSliceIndex(from.positionsMm, sliceIndex, to.positionsMm, role === 'baseline' ? offset : -offset);
    if (target !== null) to.viewer.jumpTo(target);
  }, []);

  const onSeriesDecoded = useCallback(
    (seriesUid: string) => {
      decoded.current.add(seriesUid);
      markIfAllDecoded();
    },
    [markIfAllDecoded],
  );

  useEffect(() => {
    const ids = [shown.current.baseline?.viewer.viewportId, shown.current['follow-up']?.viewer.viewportId].filter((id): id is string => !!id);
    if (ids.length < 2) return;
    void runtime.readingTools().then((tools) => {
      tools.setLinked('windowLevel', ids, runtime.renderingEngine.id, linkWindow);
      tools.setLinked('zoomPan', ids, runtime.renderingEngine.id, linkZoom);
    });
  }, [runtime, linkWindow, linkZoom, ready]);

  // The viewer's keys, from the one key map (ui/keys), acting on the active viewport.
  useKeys('viewer', (action) => {
    const target = shown.current[state.current.active] ?? shown.current.baseline;
    if (!keysActiveRef.current || !target) return false;
    if (action.kind === 'scroll') target.viewer.scrollBy(action.delta);
    else if (action.kind === 'first') target.viewer.jumpTo(0);
    else if (action.kind === 'last') target.viewer.jumpTo(target.series.slices.length - 1);
    else if (action.kind === 'resetView') target.viewer.resetView();
    else if (action.kind === 'cine') toggleCine.current();
    else target.viewer.setWindow(windowPresets[action.preset]);
    return true;
  });

  useEffect(() => {
    if (!focus) return;
    const { baseline: base, 'follow-up': follow } = shown.current;
    const bring = (target: Shown | null, positionMm: number | null, lesion: FocusTarget | null) => {
      const index = target && positionMm !== null ? nearestSliceIndex(target.positionsMm, positionMm) : null;
      if (!target || index === null) return;
      target.viewer.jumpTo(index);
      if (lesion) target.viewer.centreOn(lesion.centre, focusFieldMm(lesion.longAxisMm));
    };
    const basePosition = base && focus.baseline ? positionAlongNormalMm(base.series, focus.baseline.centre) : null;
    const followAt = follow && focus.followUp ? positionAlongNormalMm(follow.series, focus.followUp.centre) : null;
    // Not measured at follow-up, and no lesion measured in both yet: the slice offset is the better guess.
    const followPosition = followAt !== null && focus.followUp?.unshifted ? followAt + state.current.offsetMm : followAt;
    bring(base, basePosition, focus.baseline);
    bring(follow, followPosition ?? (basePosition !== null ? basePosition + state.current.offsetMm : null), focus.followUp);
  }, [focus]);

  // A typed offset is taken only when some slice of each series still faces the other; else it is refused here, with why.
  const [offsetDraft, setOffsetDraft] = useState<string | null>(null);
  const [offsetRefusal, setOffsetRefusal] = useState<string | null>(null);
  const changeOffset = (text: string) => {
    setOffsetDraft(text);
    const { baseline: base, 'follow-up': follow } = shown.current;
    const value = text.trim() === '' ? Number.NaN : Number(text);
    const problem = offsetProblem(value, base?.positionsMm ?? [], follow?.positionsMm ?? []);
    setOffsetRefusal(problem);
    if (!problem) setOffsetMm(value);
  };

  const alignCurrentSlices = () => {
    const { baseline: base, 'follow-up': follow } = shown.current;
    const basePosition = base?.positionsMm[base.viewer.currentIndex()];
    const followPosition = follow?.positionsMm[follow.viewer.currentIndex()];
    if (basePosition != null && followPosition != null) setOffsetMm(followPosition - basePosition);
  };

  const applyPreset = (name: keyof typeof windowPresets) => shown.current[active]?.viewer.setWindow(windowPresets[name]);

  return (
    <div className="viewport-pair" data-cine={cine.playing ? 'playing' : 'stopped'}>
      <div className="toolbar" role="toolbar" aria-label="Viewer controls">
        {(Object.keys(windowPresets) as (keyof typeof windowPresets)[]).map((name, index) => (
          <button key={name} type="button" onClick={() => applyPreset(name)} title={`Key ${index + 1}`}>
            {windowPresets[name].label}
          </button>
        ))}
        <span className="cine-controls" {...{ [CINE_CONTROL]: '' }}>
          <button type="button" className={cine.playing ? 'on' : ''} onClick={cine.toggle} data-testid="cine" title="Key C; any other input stops it" aria-pressed={cine.playing}>
            {cine.playing ? '■ Stop cine' : '▶ Cine'}
          </button>
          <select aria-label="Cine frame rate" data-testid="cine-fps" value={preferences.cineFps} onChange={(event) => updatePreferences({ cineFps: Number(event.target.value) })}>
            {CINE_RATES_FPS.map((rate) => (
              <option key={rate} value={rate}>
                {rate} fps
              </option>
            ))}
          </select>
        </span>
        <label title="Off: wheel down moves toward the feet, as on PACS workstations">
          <input type="checkbox" checked={preferences.wheelInverted} onChange={(event) => updatePreferences({ wheelInverted: event.target.checked })} data-testid="invert-wheel" /> Invert wheel
        </label>
        {followUp && (
          <>
            <label>
              <input type="checkbox" checked={linkScroll} onChange={(event) => setLinkScroll(event.target.checked)} data-testid="link-scroll" /> Link scrolling
            </label>
            <label>
              Offset{' '}
              <input
                type="number"
                step="0.5"
                value={offsetDraft ?? Number(offsetMm.toFixed(1))}
                onChange={(event) => changeOffset(event.target.value)}
                onBlur={() => setOffsetDraft(null)}
                aria-invalid={offsetDraft !== null && offsetRefusal !== null}
                data-testid="sync-offset"
                aria-label="Follow-up offset in mm"
              />{' '}
              mm
              {offsetRefusal && offsetDraft !== null && (
                <span className="field-problem" role="alert" data-testid="sync-offset-problem">
                  {offsetRefusal}
                </span>
              )}
            </label>
            <button type="button" onClick={alignCurrentSlices} data-testid="align-slices" title="Make the slices shown now correspond">
              Align current slices
            </button>
            <label>
              <input type="checkbox" checked={linkWindow} onChange={(event) => setLinkWindow(event.target.checked)} data-testid="link-window" /> Link window/level
            </label>
            <label>
              <input type="checkbox" checked={linkZoom} onChange={(event) => setLinkZoom(event.target.checked)} data-testid="link-zoom" /> Link zoom/pan
            </label>
          </>
        )}
      </div>
      <div className={`viewports ${followUp ? 'two' : 'one'}`}>
        <StudyViewport
          runtime={runtime}
          study={baseline}
          role="baseline"
          viewportId="viewport-baseline"
          active={active === 'baseline'}
          onActivate={() => setActive('baseline')}
          onViewer={onViewer('baseline')}
          onSliceChange={onSliceChange('baseline')}
          onSeriesDecoded={onSeriesDecoded}
          onSliceErrors={onSliceErrors}
          measurements={measurements.baseline}
          initialPlace={placeOfView(views?.viewOf(baseline.studyInstanceUid))}
          onPlace={(place) => views?.remember(baseline.studyInstanceUid, viewOf(place))}
        />
        {followUp && (
          <StudyViewport
            runtime={runtime}
            study={followUp}
            role="follow-up"
            viewportId="viewport-follow-up"
            active={active === 'follow-up'}
            onActivate={() => setActive('follow-up')}
            onViewer={onViewer('follow-up')}
            onSliceChange={onSliceChange('follow-up')}
            onSeriesDecoded={onSeriesDecoded}
            onSliceErrors={onSliceErrors}
            measurements={measurements['follow-up']}
            initialPlace={placeOfView(views?.viewOf(followUp.studyInstanceUid))}
            onPlace={(place) => views?.remember(followUp.studyInstanceUid, viewOf(place))}
          />
        )}
      </div>
    </div>
  );
}
