import type { TimepointResult } from '../../../workers/engine';

/** The rules behind one verdict, in a drawer as wide as the panel: explanations are sentences, not a column. */
export function Explanation({ criterion, timepoint, onClose }: { criterion: string; timepoint: TimepointResult; onClose(): void }) {
  return (
    <div className="explanation" role="region" aria-label={`Why ${criterion} ${timepoint.id} is ${timepoint.overallResponse}`} data-testid="explanation">
      <div className="explanation-head">
        <strong>
          {criterion} {timepoint.id}: {timepoint.overallResponse}
        </strong>
        <button type="button" className="link" onClick={onClose} aria-label="Close the explanation">
          close
        </button>
      </div>
      <ul className="reasons">
        {timepoint.reasons.map((reason, index) => (
          <li key={index}>
            <code>{reason.rule}</code> {reason.text}
          </li>
        ))}
      </ul>
      <p className="margin-head" data-testid="explanation-margin">
        {timepoint.targetMargin.withinNoise ? <strong className="noise-flag">target response ≈ within measurement noise</strong> : <strong>Measurement margin</strong>}
      </p>
      <ul className="reasons">
        {timepoint.targetMargin.reasons.map((reason, index) => (
          <li key={index}>
            <code>{reason.rule}</code> {reason.text}
          </li>
        ))}
      </ul>
    </div>
  );
}
