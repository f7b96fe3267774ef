import type { ImageSeries, Study } from '../../state/studyModel';
import { describeSlice } from '../../state/describeSlice';
import { CappedText } from '../CappedText';
import { orientationMarkers, scaleBar } from '../../viewer/orientationMarkers';
import type { ViewState } from '../../viewer/stackViewer';

type Role = 'baseline' | 'follow-up';

/** The longest scale bar, as a share of the viewport width. */
const SCALE_BAR_SHARE = 0.2;

interface Props {
  role: Role;
  study: Study;
  series: ImageSeries;
  view: ViewState | null;
  widthPx: number;
  /** the modality value under the cursor (HU on CT); null when the cursor is off the image */
  valueUnderCursor: number | null;
}

/** The text and marks over an image: who and what, orientation letters, slice, window, scale bar and HU under the cursor. */
export function ViewportOverlays({ role, study, series, view, widthPx, valueUnderCursor }: Props) {
  const slice = view ? describeSlice(series, view.sliceIndex) : null;
  // a refused rescale shows stored values, which are not Hounsfield units: no HU readout then
  const rescaleRefused = view ? (series.slices[view.sliceIndex]?.instance.metadata.refusedValues ?? []).some((refusal) => refusal.code === 'rescale') : false;
  const markers = view?.imageOrientationPatient ? orientationMarkers(view.imageOrientationPatient) : null;
  const bar = series.calibrated && view ? scaleBar(view.mmPerPx, widthPx * SCALE_BAR_SHARE) : null;
  return (
    <>
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
      {markers && (
        <div data-testid={`orientation-${role}`}>
          {(Object.keys(markers) as (keyof typeof markers)[]).map((edge) => (
            <span key={edge} className={`overlay orientation-marker ${edge}`} data-edge={edge}>
              {markers[edge]}
            </span>
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
      <div className="overlay overlay-bottom-right">
        {series.modality === 'CT' && valueUnderCursor !== null && !rescaleRefused && (
          <div data-testid={`hu-readout-${role}`} data-hu={valueUnderCursor}>
            {Math.round(valueUnderCursor)} HU
          </div>
        )}
        {bar && (
          <div className="scale-bar" data-testid={`scale-bar-${role}`} data-length-mm={bar.lengthMm} data-length-px={bar.lengthPx.toFixed(1)}>
            <svg width={Math.ceil(bar.lengthPx) + 2} height="8" aria-hidden="true">
              <path d={`M1 0 V7 H${bar.lengthPx + 1} V0`} />
            </svg>
            <div>{bar.lengthMm} mm</div>
          </div>
        )}
      </div>
    </>
  );
}
