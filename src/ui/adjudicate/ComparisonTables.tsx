import { CRITERION_LABELS } from '../../../workers/report/reportModel';
import type { CriteriaName } from '../../../workers/domain/input';
import type { CriterionDecision, Decisions } from '../../../workers/adjudicate/adjudication';
import { READ_KEYS, type CriterionComparison, type Pair, type ReadComparison, type ReadKey } from '../../../workers/adjudicate/compareReads';
import { CappedText } from '../CappedText';

/** The two reads' colours, everywhere on this screen (and in the legend). */
export const READ_CLASS: Pair<string> = { A: 'read-a', B: 'read-b' };

/** Display only (the comparison keeps exact values): 0.01 mm, so that 23.4 − 39 reads −15.6, not −15.600000000000001. */
const display = (value: number) => String(Number(value.toFixed(2)));
const mm = (value: number | null) => (value === null ? '—' : `${display(value)} mm`);
const signedMm = (value: number | null) => (value === null ? '' : `${value > 0 ? '+' : ''}${display(value)} mm`);
const orNone = (value: string | null) => value ?? 'none';

function Cell({ read, children }: { read: ReadKey; children: React.ReactNode }) {
  return <td className={READ_CLASS[read]}>{children}</td>;
}

function Agreement({ agrees }: { agrees: boolean }) {
  return <td className={agrees ? 'agree' : 'disagree'}>{agrees ? 'agree' : 'DISAGREE'}</td>;
}

interface CriterionProps {
  comparison: CriterionComparison;
  readers: Pair<string>;
  decision: CriterionDecision | undefined;
  locked: boolean;
  onDecision(decision: CriterionDecision): void;
}

/** One criterion: each follow-up's overall response, the first progression and the best response, A beside B; the choice when they disagree. */
function CriterionTable({ comparison, readers, decision, locked, onDecision }: CriterionProps) {
  const { criterion } = comparison;
  const label = CRITERION_LABELS[criterion];
  const row = (what: string, values: Pair<string | null>, key: string) => (
    <tr key={key} data-testid="adjudication-row" data-row={key}>
      <th scope="row">{what}</th>
      {READ_KEYS.map((read) => (
        <Cell key={read} read={read}>
          {orNone(values[read])}
        </Cell>
      ))}
      <Agreement agrees={values.A === values.B} />
    </tr>
  );
  return (
    <section className="adjudication-criterion" data-testid={`adjudication-${criterion}`} data-agrees={comparison.agrees}>
      <h3>
        {label} <span className={comparison.agrees ? 'agree' : 'disagree'}>{comparison.agrees ? 'the readers agree' : 'the readers disagree'}</span>
      </h3>
      <table className="adjudication-table">
        <thead>
          <tr>
            <th scope="col">{label}</th>
            {READ_KEYS.map((read) => (
              <th key={read} scope="col" className={READ_CLASS[read]}>
                {read}: <CappedText text={readers[read]} cap={40} />
              </th>
            ))}
            <th scope="col" className="nowrap">agreement</th>
          </tr>
        </thead>
        <tbody>
          {comparison.timepoints.map((timepoint) => row(`${timepoint.timepoint} (${timepoint.date}) overall response`, timepoint.overall, `overall-${timepoint.timepoint}`))}
          {row('date of first progression', comparison.firstProgression, 'first-pd')}
          {row('best overall response', comparison.best, 'best')}
        </tbody>
      </table>
      {!comparison.agrees && <DecisionForm criterion={criterion} readers={readers} decision={decision} locked={locked} onDecision={onDecision} />}
    </section>
  );
}

function DecisionForm({ criterion, readers, decision, locked, onDecision }: Omit<CriterionProps, 'comparison'> & { criterion: CriteriaName }) {
  const reason = decision?.reason ?? '';
  return (
    <fieldset className="adjudication-decision" data-testid={`decision-${criterion}`} disabled={locked}>
      <legend>Adjudicated {CRITERION_LABELS[criterion]}: the read you choose, and why</legend>
      {READ_KEYS.map((read) => (
        <label key={read} className={`check ${READ_CLASS[read]}`}>
          <input type="radio" name={`choice-${criterion}`} checked={decision?.chosen === read} onChange={() => onDecision({ chosen: read, reason })} data-testid={`choose-${criterion}-${read}`} />
          read {read} (<CappedText text={readers[read]} cap={40} />)
        </label>
      ))}
      <label className="reason">
        Reason (required)
        <textarea rows={2} value={reason} disabled={!decision} onChange={(event) => decision && onDecision({ ...decision, reason: event.target.value })} data-testid={`reason-${criterion}`} />
      </label>
    </fieldset>
  );
}

/** Targets only one reader chose, and every lesion's calipers side by side. */
function LesionTables({ comparison }: { comparison: ReadComparison }) {
  const { targets } = comparison;
  return (
    <section className="adjudication-lesions" data-testid="adjudication-lesions">
      <h3>
        Target selection <span className={targets.agrees ? 'agree' : 'disagree'}>{targets.agrees ? 'the readers agree' : 'the readers disagree'}</span>
      </h3>
      <p data-testid="adjudication-targets">
        Both: {targets.both.map(([a, b]) => (a === b ? a : `${a} = ${b}`)).join(', ') || 'none'}. Only A: {targets.onlyA.join(', ') || 'none'}. Only B: {targets.onlyB.join(', ') || 'none'}.
      </p>
      <h3>Measurements, side by side</h3>
      <table className="adjudication-table">
        <thead>
          <tr>
            <th scope="col">lesion</th>
            <th scope="col">timepoint</th>
            <th scope="col">caliper</th>
            <th scope="col" className={READ_CLASS.A}>A</th>
            <th scope="col" className={READ_CLASS.B}>B</th>
            <th scope="col">B − A</th>
          </tr>
        </thead>
        <tbody>
          {comparison.lesions.flatMap((lesion) =>
            lesion.measurements.map((measurement) => (
              <tr
                key={`${lesion.name}|${measurement.date}|${measurement.part}`}
                data-testid="adjudication-measurement"
                data-lesion={lesion.name}
                data-timepoint={measurement.timepoint}
                data-part={measurement.part}
                className={measurement.differenceMm === 0 ? undefined : 'differs'}
              >
                <th scope="row">
                  <CappedText text={lesion.name} cap={30} /> <span className="muted">({lesion.role.A === lesion.role.B ? lesion.role.A : `${lesion.role.A ?? '—'} / ${lesion.role.B ?? '—'}`})</span>
                </th>
                <td>{measurement.timepoint}</td>
                <td>
                  {measurement.part === 'whole' ? 'whole' : 'viable'}, {measurement.axis} axis
                </td>
                <Cell read="A">{mm(measurement.mm.A)}</Cell>
                <Cell read="B">{mm(measurement.mm.B)}</Cell>
                <td>{signedMm(measurement.differenceMm)}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </section>
  );
}

interface Props {
  comparison: ReadComparison;
  decisions: Decisions;
  locked: boolean;
  onDecision(criterion: CriteriaName, decision: CriterionDecision): void;
}

/** Where the two reads disagree: the criteria that disagree first, then those that agree, then targets and calipers. */
export function ComparisonTables({ comparison, decisions, locked, onDecision }: Props) {
  const ordered = [...comparison.criteria].sort((a, b) => Number(a.agrees) - Number(b.agrees));
  return (
    <div className="adjudication-tables">
      <p data-testid="adjudication-summary" data-disagreements={comparison.criteriaInDisagreement}>
        {comparison.criteriaInDisagreement === 0 ? 'The two reads agree under every criterion.' : `The two reads disagree under ${comparison.criteriaInDisagreement} of ${comparison.criteria.length} criteria.`}
      </p>
      {ordered.map((criterion) => (
        <CriterionTable
          key={criterion.criterion}
          comparison={criterion}
          readers={comparison.readers}
          decision={decisions[criterion.criterion]}
          locked={locked}
          onDecision={(decision) => onDecision(criterion.criterion, decision)}
        />
      ))}
      <LesionTables comparison={comparison} />
    </div>
  );
}
