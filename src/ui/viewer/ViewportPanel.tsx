import { useEffect, useRef, useState } from 'react';
import { describeSlice, type FileProblem, type ImageSeries } from '../../dicom/series';
import type { CornerstoneRuntime } from '../../viewer/cornerstoneRuntime';
import { windowPresets, type WindowPresetName } from '../../viewer/presets';
import type { StackViewer, ViewState } from '../../viewer/stackViewer';
import { viewerKeyAction } from './keyboard';

interface Props {
  runtime: Promise<CornerstoneRuntime>;
  series: ImageSeries;
  problems: FileProblem[];
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

export function ViewportPanel({ runtime, series, problems }: Props) {
  const elementRef = useRef<HTMLDivElement>(null);
  const [viewer, setViewer] = useState<StackViewer | null>(null);
  const [view, setView] = useState<ViewState | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const element = elementRef.current;
    if (!element) return;
    let created: StackViewer | null = null;
    let live = true;
    void Promise.all([runtime, import('../../viewer/stackViewer')]).then(async ([cornerstone, { createStackViewer }]) => {
      if (!live) return;
      created = await createStackViewer(cornerstone, element, 'viewport-main', { onRender: setView, onLoadError: setError });
      if (!live) return created.destroy();
      const imageIds = series.instances.map((instance) => cornerstone.registerFile(new Blob([instance.file.bytes])));
      await created.show(imageIds, Math.floor(imageIds.length / 2));
      if (series.modality === 'CT') created.setWindow(windowPresets.liver);
      setViewer(created);
    }).catch((reason: unknown) => live && setError(reason instanceof Error ? reason.message : String(reason)));
    return () => {
      live = false;
      created?.destroy();
    };
  }, [runtime, series]);

  useEffect(() => {
    if (!viewer) return;
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      const action = viewerKeyAction(event.key);
      if (!action) return;
      event.preventDefault();
      if (action.kind === 'scroll') viewer.scrollBy(action.delta);
      else if (action.kind === 'first') viewer.jumpTo(0);
      else if (action.kind === 'last') viewer.jumpTo(series.instances.length - 1);
      else viewer.setWindow(windowPresets[action.preset]);
    };
    const onResize = () => viewer.resize();
    window.addEventListener('keydown', onKey);
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('resize', onResize);
    };
  }, [viewer, series]);

  const slice = view ? describeSlice(series, view.sliceIndex) : null;
  return (
    <section className="viewer" aria-label="Image viewer">
      <div className="toolbar" role="toolbar" aria-label="Window presets">
        {(Object.keys(windowPresets) as WindowPresetName[]).map((name, index) => (
          <button key={name} type="button" disabled={!viewer} onClick={() => viewer?.setWindow(windowPresets[name])} title={`Key ${index + 1}`}>
            {windowPresets[name].label}
          </button>
        ))}
      </div>
      <div className="viewport-frame">
        <div ref={elementRef} className="viewport" data-testid="viewport-main" onContextMenu={(event) => event.preventDefault()} />
        <div className="overlay overlay-top-left" data-testid="overlay">
          <div>{series.patientName || 'Unnamed patient'}</div>
          <div>{series.studyDate ?? 'date unknown'}</div>
          <div>{series.seriesDescription || 'Unnamed series'}</div>
        </div>
        {view && slice && (
          <div className="overlay overlay-bottom-left" data-testid="overlay-slice">
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
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {problems.length > 0 && (
        <details className="load-report">
          <summary>{problems.length} file(s) could not be read</summary>
          <ul>
            {problems.map((problem) => (
              <li key={problem.fileName}>
                {problem.fileName}: {problem.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
