import type { CriteriaResult, EngineReply, PatientOutput } from '../../../workers/engine';
import type { Responses } from './useResponses';

const pct = (value: number | null) => (value === null ? '–' : `${value > 0 ? '+' : ''}${value.toFixed(1)}%`);
const sum = (value: number | null, unit: string) => (value === null ? '–' : `${value.toFixed(1)} ${unit}`);
const unitOf = (criterion: string) => (criterion === 'WHO' || criterion === 'EASL' ? 'mm²' : 'mm');

function CriterionTable({ name, result }: { name: string; result: CriteriaResult }) {
  return (
    <section className="criterion" data-testid={`criterion-${name}`} data-best={result.bestOverallResponse}>
      <h3>
        {name} <span className="best">best: {result.bestOverallResponse}</span>
      </h3>
      <table>
        <thead>
          <tr>
            <th>TP</th>
            <th>Sum</th>
            <th>vs BL</th>
            <th>vs nadir</th>
            <th>T</th>
            <th>NT</th>
            <th>New</th>
            <th>Overall</th>
          </tr>
        </thead>
        <tbody>
          {result.timepoints.map((timepoint) => (
            <tr key={timepoint.id} data-testid={`response-${name}-${timepoint.id}`} data-overall={timepoint.overallResponse}>
              <td>{timepoint.id}</td>
              <td>{sum(timepoint.targetSum, unitOf(name))}</td>
              <td>{pct(timepoint.changeFromBaselinePct)}</td>
              <td>{pct(timepoint.changeFromNadirPct)}</td>
              <td>{timepoint.targetResponse}</td>
              <td>{timepoint.nonTargetResponse}</td>
              <td>{timepoint.newLesions ? 'yes' : 'no'}</td>
              <td className="overall">
                <details>
                  <summary>{timepoint.overallResponse}</summary>
                  <ul className="reasons">
                    {timepoint.reasons.map((reason, index) => (
                      <li key={index}>
                        <code>{reason.rule}</code> {reason.text}
                      </li>
                    ))}
                  </ul>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.issues.length > 0 && (
        <ul className="issues" data-testid={`issues-${name}`}>
          {result.issues.map((issue, index) => (
            <li key={index} className={issue.severity}>
              <code>{issue.rule}</code> {issue.lesionId && <strong>{issue.lesionId}: </strong>}
              {issue.text}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Reply({ reply }: { reply: EngineReply<PatientOutput> }) {
  if (!reply.ok) {
    return (
      <ul className="issues" role="alert">
        {reply.problems.map((problem, index) => (
          <li key={index}>
            {problem.path}: {problem.message}
          </li>
        ))}
      </ul>
    );
  }
  return (
    <>
      {Object.entries(reply.output.criteria).map(([name, result]) => (result ? <CriterionTable key={name} name={name} result={result} /> : null))}
    </>
  );
}

/** Every enabled criterion side by side, each verdict with the rules behind it. */
export function ResponsePanel({ responses }: { responses: Responses }) {
  const reply = responses.kind === 'done' ? responses.reply : responses.kind === 'computing' ? responses.last : null;
  return (
    <section className="response-panel" aria-label="Response" data-testid="response-panel" data-state={responses.kind}>
      <h2>Response {responses.kind === 'computing' && <small>updating…</small>}</h2>
      {reply ? <Reply reply={reply} /> : <p className="hint">Add lesions and measure them at baseline and follow-up.</p>}
    </section>
  );
}
