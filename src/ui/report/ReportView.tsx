import { useCallback, useMemo, useState } from 'react';
import type { KeyImageRenderer } from '../../viewer/keyImages';
import { marginShortText } from '../../../workers/report/marginText';
import type { TargetMargin } from '../../../workers/engine';
import { CRITERION_LABELS, type CriteriaRow, type LesionRow, type ReportModel, type ReportTimepoint } from '../../../workers/report/reportModel';
import type { VascularPattern } from '../../../workers/read/model';
import { DASH, formatAxes, formatDateTime, formatPercent, formatSum, STATUS_TEXT } from './format';
import { KeyImageGallery } from './KeyImageGallery';
import { groupKeyImages } from './keyImageGroups';
import './report.css';

interface Props {
  model: ReportModel;
  renderKeyImage: KeyImageRenderer;
  /** told whether every key image is drawn (or known to be unavailable) */
  onKeyImagesSettled?(settled: boolean): void;
}

const yesNo = (value: boolean | null) => (value === null ? DASH : value ? 'yes' : 'no');

function Header({ model }: { model: ReportModel }) {
  const { header } = model;
  return (
    <header className="report-header" data-testid="report-header">
      <h1>Tumour response report</h1>
      <dl className="report-identity">
        <dt>Patient</dt>
        <dd data-testid="report-patient-name">{header.patientNameDisplay || header.patientName || DASH}</dd>
        <dt>Patient ID</dt>
        <dd data-testid="report-patient-id">{header.patientId || DASH}</dd>
        <dt>Reader</dt>
        <dd data-testid="report-reader">{header.readerName}</dd>
        <dt>Read</dt>
        <dd>
          {header.readId}, started {formatDateTime(header.readCreatedAt)}
        </dd>
        <dt>Protocol</dt>
        <dd data-testid="report-protocol">{header.protocolText}</dd>
        <dt>Report generated</dt>
        <dd data-testid="report-generated">{formatDateTime(header.generatedAt)}</dd>
      </dl>
      <table className="report-table report-studies" data-testid="report-studies">
        <caption>Studies</caption>
        <thead>
          <tr>
            <th scope="col">Timepoint</th>
            <th scope="col">Date</th>
            <th scope="col">Modality</th>
            <th scope="col">Description</th>
            <th scope="col">Accession</th>
            <th scope="col">Slice thickness</th>
          </tr>
        </thead>
        <tbody>
          {header.timepoints.map((timepoint) => (
            <tr key={timepoint.studyInstanceUid} data-testid={`report-study-${timepoint.label}`}>
              <th scope="row">{timepoint.label}</th>
              <td className="nowrap">{timepoint.date}</td>
              <td>{timepoint.modality}</td>
              <td>{timepoint.studyDescription ?? DASH}</td>
              <td className="nowrap">{timepoint.accessionNumber ?? DASH}</td>
              <td className="nowrap">{timepoint.sliceThicknessMm === null ? DASH : `${timepoint.sliceThicknessMm.toFixed(1)} mm`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </header>
  );
}

function Summary({ model }: { model: ReportModel }) {
  return (
    <section className="report-section" aria-labelledby="report-summary-title">
      <h2 id="report-summary-title">Summary</h2>
      {model.summaries.length === 0 ? (
        <p className="report-note">No follow-up yet: responses need a baseline and a follow-up.</p>
      ) : (
        <ul className="report-summary">
          {model.summaries.map((line) => (
            <li key={line.timepoint} data-testid={`report-summary-${line.timepoint}`}>
              {line.text}
            </li>
          ))}
        </ul>
      )}
      <p className="report-best" data-testid="report-best">
        Best overall response:{' '}
        {model.bestResponses.map((best, index) => (
          <span key={best.criterion} data-testid={`report-best-${best.criterion}`} data-response={best.response}>
            {index > 0 ? ', ' : ''}
            {best.criterionLabel} {best.response}
          </span>
        ))}
      </p>
    </section>
  );
}

/** MARGIN-1..3 under the target response: which lesion flips it by how much, and the flag when that is within noise. */
function MarginAside({ margin, id }: { margin: TargetMargin; id: string }) {
  const text = marginShortText(margin);
  if (text === null) return null;
  return (
    <span className="report-aside report-margin" data-testid={id} data-within-noise={margin.withinNoise}>
      margin <span className="nowrap">{text}</span>
      {margin.withinNoise && <strong className="report-noise">within measurement noise</strong>}
    </span>
  );
}

function CriteriaTable({ rows }: { rows: readonly CriteriaRow[] }) {
  const byCriterion = useMemo(() => {
    const groups = new Map<string, CriteriaRow[]>();
    for (const row of rows) groups.set(row.criterion, [...(groups.get(row.criterion) ?? []), row]);
    return [...groups.values()];
  }, [rows]);
  return (
    <section className="report-section" aria-labelledby="report-criteria-title">
      <h2 id="report-criteria-title">Response by criterion and timepoint</h2>
      <table className="report-table report-criteria" data-testid="report-criteria-table">
        <thead>
          <tr>
            <th scope="col">Criterion</th>
            <th scope="col">Timepoint</th>
            <th scope="col">Day</th>
            <th scope="col" className="number">
              Sum
            </th>
            <th scope="col" className="number">
              vs baseline
            </th>
            <th scope="col" className="number">
              vs nadir
            </th>
            <th scope="col">Target</th>
            <th scope="col">Non-target</th>
            <th scope="col">New lesions</th>
            <th scope="col">Overall</th>
          </tr>
        </thead>
        {byCriterion.map((group) => (
          <tbody key={group[0]!.criterion}>
            {group.map((row, index) => (
              <tr key={row.timepoint} data-testid={`report-criteria-${row.criterion}-${row.timepoint}`} data-overall={row.overallResponse ?? ''}>
                {index === 0 && (
                  <th scope="rowgroup" rowSpan={group.length}>
                    {row.criterionLabel}
                  </th>
                )}
                <td className="nowrap">
                  {row.timepoint} {row.date}
                </td>
                <td className="number">{row.daysFromBaseline}</td>
                <td className="number">{formatSum(row.targetSum, row.unit)}</td>
                <td className="number">{formatPercent(row.changeFromBaselinePct)}</td>
                <td className="number">{formatPercent(row.changeFromNadirPct)}</td>
                <td>
                  {row.targetResponse ?? DASH}
                  {row.margin && <MarginAside margin={row.margin} id={`report-margin-${row.criterion}-${row.timepoint}`} />}
                </td>
                <td>{row.nonTargetResponse ?? DASH}</td>
                <td>{yesNo(row.newLesions)}</td>
                <td className="overall">
                  {row.overallResponse ?? 'baseline'}
                  {row.afterProgression ? ' (after progression)' : ''}
                  {row.densityChangeFromBaselinePct !== null ? <span className="report-aside"> density {formatPercent(row.densityChangeFromBaselinePct)}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </section>
  );
}

/** mRECIST M-NEW-1: what the reader recorded, in words; "not assessed" is said, never left out. */
const VASCULAR_PATTERN_TEXT: Record<VascularPattern, string> = {
  typical: 'vascular pattern: typical (mRECIST new HCC)',
  atypical: 'vascular pattern: atypical',
  notAssessed: 'vascular pattern: not assessed',
};

const ROLE_TEXT = { target: 'target', nontarget: 'non-target', new: 'new' } as const;

function LesionCell({ row }: { row: LesionRow | undefined }) {
  if (!row) return <td className="muted">{DASH}</td>;
  if (row.status !== 'present') return <td className="report-status">{row.status === 'merged' && row.mergedIntoLabel ? `merged into ${row.mergedIntoLabel}` : STATUS_TEXT[row.status]}</td>;
  const measured = row.longAxisMm !== null;
  const viable =
    row.enhancingLongAxisMm === null
      ? null
      : row.enhancingLongAxisMm === 0 && row.enhancingShortAxisMm === 0
        ? 'no viable part'
        : `viable ${formatAxes(row.enhancingLongAxisMm, row.enhancingShortAxisMm)}`;
  return (
    <td>
      {measured ? formatAxes(row.longAxisMm, row.shortAxisMm) : 'present'}
      {viable && <span className="report-aside">{viable}</span>}
      {row.meanHU !== null && <span className="report-aside">{row.meanHU.toFixed(1)} HU</span>}
    </td>
  );
}

function LesionTable({ rows, timepoints }: { rows: readonly LesionRow[]; timepoints: readonly ReportTimepoint[] }) {
  const lesions = useMemo(() => {
    const byLesion = new Map<string, LesionRow[]>();
    for (const row of rows) byLesion.set(row.lesionId, [...(byLesion.get(row.lesionId) ?? []), row]);
    const order = { target: 0, nontarget: 1, new: 2 } as const;
    return [...byLesion.values()].sort((a, b) => order[a[0]!.role] - order[b[0]!.role]);
  }, [rows]);
  return (
    <section className="report-section" aria-labelledby="report-lesions-title">
      <h2 id="report-lesions-title">Lesions by timepoint</h2>
      <p className="report-note">Long × short axis in mm as measured; viable (enhancing) part and mean attenuation below.</p>
      <table className="report-table report-lesions" data-testid="report-lesion-table">
        <thead>
          <tr>
            <th scope="col">Lesion</th>
            <th scope="col">Role</th>
            <th scope="col">Site</th>
            {timepoints.map((timepoint) => (
              <th scope="col" className="nowrap" key={timepoint.label}>
                {timepoint.label} {timepoint.date}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {lesions.map((lesionRows) => {
            const first = lesionRows[0]!;
            return (
              <tr key={first.lesionId} data-testid={`report-lesion-${first.lesionLabel}`}>
                <th scope="row">{first.lesionLabel}</th>
                <td>{ROLE_TEXT[first.role]}</td>
                <td>
                  {first.organ}
                  {first.isLymphNode && <span className="report-aside">lymph node</span>}
                  {first.vascularPattern && (
                    <span className="report-aside" data-testid="report-vascular-pattern">
                      {VASCULAR_PATTERN_TEXT[first.vascularPattern]}
                    </span>
                  )}
                  {first.splitFromLabel && <span className="report-aside">split from {first.splitFromLabel}</span>}
                </td>
                {timepoints.map((timepoint) => (
                  <LesionCell key={timepoint.label} row={lesionRows.find((row) => row.timepoint === timepoint.label)} />
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function Reasons({ model }: { model: ReportModel }) {
  const byCriterion = model.header.criteria.map((criterion) => ({
    criterion,
    label: CRITERION_LABELS[criterion],
    reasons: model.reasons.filter((reason) => reason.criterion === criterion),
  }));
  return (
    <section className="report-section" aria-labelledby="report-reasons-title" data-testid="report-reasons">
      <h2 id="report-reasons-title">Reasons behind each verdict</h2>
      {byCriterion.map(({ criterion, label, reasons }) => (
        <div key={criterion} className="report-reasons" data-testid={`report-reasons-${criterion}`}>
          <h3>{label}</h3>
          {reasons.length === 0 ? (
            <p className="report-note">No rule fired.</p>
          ) : (
            <ul>
              {reasons.map((reason, index) => (
                <li key={index}>
                  <span className="report-timepoint">{reason.timepoint === 'BOR' ? 'Best' : reason.timepoint}</span> <code>{reason.rule}</code> {reason.text}
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </section>
  );
}

function Conformance({ model }: { model: ReportModel }) {
  return (
    <section className="report-section" aria-labelledby="report-conformance-title" data-testid="report-conformance">
      <h2 id="report-conformance-title">Conformance notes</h2>
      {model.conformanceNotes.length === 0 ? (
        <p className="report-note">No conformance issue: the baseline checks of each criterion (target selection, measurability, lymph nodes) found nothing to note.</p>
      ) : (
        <ul className="report-conformance">
          {model.conformanceNotes.map((note, index) => (
            <li key={index} className={note.severity}>
              <strong>{note.criterionLabel}</strong> <code>{note.rule}</code> {note.severity}
              {note.lesionLabel ? ` (${note.lesionLabel})` : ''}: {note.text}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The structured report of a read: what is shown on screen is what is printed. All text is React text. */
export function ReportView({ model, renderKeyImage, onKeyImagesSettled }: Props) {
  const [imagesSettled, setImagesSettled] = useState(false);
  const onSettled = useCallback(
    (settled: boolean) => {
      setImagesSettled(settled);
      onKeyImagesSettled?.(settled);
    },
    [onKeyImagesSettled],
  );
  const lesionOrder = useMemo(() => {
    const order = { target: 0, nontarget: 1, new: 2 } as const;
    const labels = [...new Map(model.lesionRows.map((row) => [row.lesionLabel, row.role])).entries()];
    return labels.sort((a, b) => order[a[1]] - order[b[1]]).map(([label]) => label);
  }, [model.lesionRows]);
  const groups = useMemo(
    () => groupKeyImages(model.keyImages, lesionOrder, model.header.timepoints.map((timepoint) => timepoint.label)),
    [model.keyImages, lesionOrder, model.header.timepoints],
  );
  return (
    <article className="report" data-testid="report" data-key-images={imagesSettled ? 'settled' : 'drawing'}>
      <Header model={model} />
      <Summary model={model} />
      <CriteriaTable rows={model.criteriaRows} />
      <LesionTable rows={model.lesionRows} timepoints={model.header.timepoints} />
      <section className="report-section report-key-images" aria-labelledby="report-key-images-title" data-testid="report-key-images">
        <h2 id="report-key-images-title">Key images</h2>
        <p className="report-note">
          <span className="caliper-whole">━ whole lesion</span> <span className="caliper-enhancing">━ viable part</span>; the bar is 10 mm.
        </p>
        <KeyImageGallery groups={groups} timepoints={model.header.timepoints} render={renderKeyImage} onSettled={onSettled} />
      </section>
      <Reasons model={model} />
      <Conformance model={model} />
      <footer className="report-footer" data-testid="report-footer">
        Read by {model.reader.name}. Report generated {formatDateTime(model.reader.generatedAt)} by Nadir; values are rounded for display only.
      </footer>
    </article>
  );
}
