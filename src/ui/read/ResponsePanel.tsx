import { useState } from 'react';
import type { CriteriaResult, CriterionProblem, ReadAssessment, TimepointResult } from '../../../workers/engine';
import type { Responses } from './useResponses';

const pct = (value: number | null) => (value === null ? '–' : `${value > 0 ? '+' : ''}${value.toFixed(1)}%`);
const sum = (value: number | null, unit: string) => (value === null ? '–' : `${value.toFixed(1)} ${unit}`);
const unitOf = (criterion: string) => (criterion === 'WHO' || criterion === 'EASL' ? 'mm²' : 'mm');

interface Opened {
  criterion: string;
  timepointId: string;
}

/** The rules behind one verdict, in a drawer as wide as the panel: explanations are sentences, not a column. */
function Explanation({ criterion, timepoint, onClose }: { criterion: string; timepoint: TimepointResult; onClose(): void }) {
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
    </div>
  );
}

function CriterionTable({ name, result, opened, onOpen }: { name: string; result: CriteriaResult; opened: Opened | null; onOpen(next: Opened | null): void }) {
  const shown = opened?.criterion === name ? result.timepoints.find((timepoint) => timepoint.id === opened.timepointId) : undefined;
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
          {result.timepoints.map((timepoint) => {
            const isOpen = shown?.id === timepoint.id;
            return (
              <tr key={timepoint.id} data-testid={`response-${name}-${timepoint.id}`} data-overall={timepoint.overallResponse}>
                <td>{timepoint.id}</td>
                <td>{sum(timepoint.targetSum, unitOf(name))}</td>
                <td>{pct(timepoint.changeFromBaselinePct)}</td>
                <td>{pct(timepoint.changeFromNadirPct)}</td>
                <td>{timepoint.targetResponse}</td>
                <td>{timepoint.nonTargetResponse}</td>
                <td>{timepoint.newLesions ? 'yes' : 'no'}</td>
                <td className="overall">
                  <button
                    type="button"
                    className="verdict"
                    aria-expanded={isOpen}
                    title="Why: the rules behind this verdict"
                    data-testid="why"
                    onClick={() => onOpen(isOpen ? null : { criterion: name, timepointId: timepoint.id })}
                  >
                    {timepoint.overallResponse}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {shown && <Explanation criterion={name} timepoint={shown} onClose={() => onOpen(null)} />}
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

/** A criterion the engine could not assess, with the input that stopped it: the others still show. */
function Blocked({ name, problems }: { name: string; problems: readonly CriterionProblem[] }) {
  return (
    <section className="criterion blocked" data-testid={`criterion-${name}`} data-blocked="true">
      <h3>{name}: not assessed</h3>
      <ul className="issues" role="alert">
        {problems.map((problem, index) => (
          <li key={index}>
            {problem.path}: {problem.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Reply({ reply }: { reply: ReadAssessment }) {
  const [opened, setOpened] = useState<Opened | null>(null);
  const blockedNames = [...new Set(reply.problems.flatMap((problem) => problem.criteria))];
  const unattributed = reply.problems.filter((problem) => problem.criteria.length === 0);
  return (
    <>
      {unattributed.length > 0 && (
        <ul className="issues" role="alert">
          {unattributed.map((problem, index) => (
            <li key={index}>
              {problem.path}: {problem.message}
            </li>
          ))}
        </ul>
      )}
      {reply.ok &&
        Object.entries(reply.output.criteria).map(([name, result]) => (result ? <CriterionTable key={name} name={name} result={result} opened={opened} onOpen={setOpened} /> : null))}
      {blockedNames.map((name) => (
        <Blocked key={name} name={name} problems={reply.problems.filter((problem) => problem.criteria.includes(name))} />
      ))}
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
