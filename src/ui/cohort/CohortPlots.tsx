import { useMemo, useState } from 'react';
import type { CriteriaName } from '../../../workers/domain/input';
import { spiderPoints, spiderSpec, waterfallBars, waterfallSpec } from '../../../workers/cohort/plots';
import type { AssessedPatient } from '../../../workers/cohort/sdtm';
import { CRITERION_LABELS } from '../../../workers/report/reportModel';
import { CRITERIA_NAMES } from '../../../workers/domain/input';
import { VegaPlot } from './VegaPlot';

/**
 * The cohort's waterfall and spider plots for one criterion: the data and specs of the cohort command
 * (workers/cohort/plots.ts), so that the app and the exported SVG files show the same.
 */
export function CohortPlots({ patients }: { patients: readonly AssessedPatient[] }) {
  const bars = useMemo(() => waterfallBars(patients), [patients]);
  const points = useMemo(() => spiderPoints(patients), [patients]);
  const criteria = useMemo(() => CRITERIA_NAMES.filter((name) => bars.some((bar) => bar.criterion === name) || points.some((point) => point.criterion === name)), [bars, points]);
  const [chosen, setChosen] = useState<CriteriaName | null>(null);
  const criterion = chosen !== null && criteria.includes(chosen) ? chosen : (criteria[0] ?? null);
  const specs = useMemo(
    () => (criterion === null ? null : { waterfall: waterfallSpec(bars.filter((bar) => bar.criterion === criterion)), spider: spiderSpec(points.filter((point) => point.criterion === criterion)) }),
    [bars, points, criterion],
  );
  if (criterion === null || specs === null) return <p data-testid="cohort-no-plot">No plotted patient has an evaluable change of the target sum: nothing to plot.</p>;
  return (
    <section className="cohort-plots" aria-labelledby="cohort-plots-heading">
      <h3 id="cohort-plots-heading">Plots</h3>
      <label>
        Criterion{' '}
        <select value={criterion} onChange={(event) => setChosen(event.target.value as CriteriaName)} data-testid="cohort-criterion">
          {criteria.map((name) => (
            <option key={name} value={name}>
              {CRITERION_LABELS[name]}
            </option>
          ))}
        </select>
      </label>
      <div className="cohort-plot-row">
        <VegaPlot spec={specs.waterfall} testId="cohort-waterfall" label={`Waterfall plot, ${CRITERION_LABELS[criterion]}`} />
        <VegaPlot spec={specs.spider} testId="cohort-spider" label={`Spider plot, ${CRITERION_LABELS[criterion]}`} />
      </div>
    </section>
  );
}
