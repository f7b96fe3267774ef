import { useState } from 'react';
import type { CriteriaResult, CriterionProblem, ReadAssessment, TimepointResult } from '../../../workers/engine';
import { marginSentence } from '../../../workers/report/marginText';
import { Explanation } from './Explanation';
import type { Responses } from './useResponses';

const pct = (value: number | null) => (value === null ? '–' : `${value > 0 ? '+' : ''}${value.toFixed(1)}%`);
const sum = (value: number | null) => (value === null ? '–' : value.toFixed(1));

/** "NonCR/NonPD" may break after its slash when the column is narrow, rather than push the table wider. */
const breakable = (verdict: string) => verdict.split('/').flatMap((part, index) => (index === 0 ? [part] : ['/', <wbr key={index} />, part]));

/** The verdict's parts, in words: a line under the numbers rather than three more columns. */
function parts(timepoint: TimepointResult): string {
  return `target ${timepoint.targetResponse} · non-target ${timepoint.nonTargetResponse} · ${timepoint.newLesions ? 'new lesion' : 'no new lesion'}`;
}

/** The engine names a lesion by its id; the panel shows the reader's label. */
type LesionNames = (lesionId: string) => string;

interface Opened {
  criterion: string;
  timepointId: string;
}

/**
 * One criterion in the 22rem side column: five columns of numbers and the verdict, the target,
 * non-target and new-lesion parts on a line of their own below, the rules in a drawer when asked.
 */
function CriterionTable({ name, result, opened, onOpen, nameOf }: { name: string; result: CriteriaResult; opened: Opened | null; onOpen(next: Opened | null): void; nameOf: LesionNames }) {
  const shown = opened?.criterion === name ? result.timepoints.find((timepoint) => timepoint.id === opened.timepointId) : undefined;
  return (
    <section className="criterion" data-testid={`criterion-${name}`} data-best={result.bestOverallResponse}>
      <h3>
        {name} <span className="best">{result.timepoints.length === 0 ? 'no follow-up yet' : `best: ${result.bestOverallResponse}`}</span>
      </h3>
      {/* a header over no rows says nothing: the baseline alone has no response yet */}
      {result.timepoints.length > 0 && (
        <table className="response-table">
          <thead>
            <tr>
              <th scope="col" title="Timepoint">
                TP
              </th>
              <th scope="col" className="number" title={`Sum of the target lesions, ${result.sumUnit}`}>
                Sum {result.sumUnit}
              </th>
              <th scope="col" className="number" title="Change of the sum from baseline">
                vs BL
              </th>
              <th scope="col" className="number" title="Change of the sum from its smallest value (nadir)">
                vs nadir
              </th>
              <th scope="col">Overall</th>
            </tr>
          </thead>
          {result.timepoints.map((timepoint) => {
            const isOpen = shown?.id === timepoint.id;
            return (
              <tbody key={timepoint.id} className="response-timepoint">
                <tr data-testid={`response-${name}-${timepoint.id}`} data-overall={timepoint.overallResponse} data-within-noise={timepoint.targetMargin.withinNoise}>
                  <th scope="row">{timepoint.id}</th>
                  <td className="number">{sum(timepoint.targetSum)}</td>
                  <td className="number">{pct(timepoint.changeFromBaselinePct)}</td>
                  <td className="number">{pct(timepoint.changeFromNadirPct)}</td>
                  <td className="overall">
                    <button
                      type="button"
                      className="verdict"
                      aria-expanded={isOpen}
                      title="Why: the rules behind this verdict"
                      data-testid="why"
                      onClick={() => onOpen(isOpen ? null : { criterion: name, timepointId: timepoint.id })}
                    >
                      {breakable(timepoint.overallResponse)}
                    </button>
                  </td>
                </tr>
                <tr className="response-parts">
                  <td colSpan={5}>
                    {parts(timepoint)}
                    {timepoint.targetMargin.withinNoise && (
                      <>
                        {' '}
                        {/* the margin is in the hover and, in full, in the explanation (MARGIN-3) */}
                        <span className="noise-flag" data-testid={`noise-${name}-${timepoint.id}`} title={marginSentence(timepoint.targetMargin)}>
                          target ≈ within noise
                        </span>
                      </>
                    )}
                  </td>
                </tr>
              </tbody>
            );
          })}
        </table>
      )}
      {shown && <Explanation criterion={name} timepoint={shown} onClose={() => onOpen(null)} />}
      {result.issues.length > 0 && (
        <ul className="issues" data-testid={`issues-${name}`}>
          {result.issues.map((issue, index) => (
            <li key={index} className={issue.severity}>
              <code>{issue.rule}</code> {issue.lesionId && <strong>{nameOf(issue.lesionId)}: </strong>}
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

function Reply({ reply, nameOf }: { reply: ReadAssessment; nameOf: LesionNames }) {
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
        Object.entries(reply.output.criteria).map(([name, result]) => (result ? <CriterionTable key={name} name={name} result={result} opened={opened} onOpen={setOpened} nameOf={nameOf} /> : null))}
      {blockedNames.map((name) => (
        <Blocked key={name} name={name} problems={reply.problems.filter((problem) => problem.criteria.includes(name))} />
      ))}
    </>
  );
}

/** Every enabled criterion side by side, each verdict with the rules behind it. */
export function ResponsePanel({ responses, nameOf }: { responses: Responses; nameOf: LesionNames }) {
  const reply = responses.kind === 'done' ? responses.reply : responses.kind === 'computing' ? responses.last : null;
  return (
    <section className="response-panel" aria-label="Response" data-testid="response-panel" data-state={responses.kind}>
      <h2>Response {responses.kind === 'computing' && <small>updating…</small>}</h2>
      {reply ? <Reply reply={reply} nameOf={nameOf} /> : <p className="hint">Add lesions and measure them at baseline and follow-up.</p>}
    </section>
  );
}
