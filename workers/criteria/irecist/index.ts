import type { PatientModel } from '../../domain/model';
import type { CriteriaResult, IRecistResponse, Reason, TimepointResult } from '../../domain/result';
import { reportAmount, DIAMETER_UNIT } from '../../domain/units';
import { checkConformance } from '../shared/conformance';
import { baselineResult, buildCourse, concatReasons, evaluateComponents, timepointResult, type Course, type PriorState } from '../shared/course';
import { combineOverall } from '../shared/overall';
import type { Verdict } from '../shared/verdict';
import { RECIST11_COMPONENTS } from '../recist11';
import { bestIrecistResponse, type IResponseAt } from './bor';
import { confirmationTriggers, openIupd, type IrTimepoint, type OpenIupd } from './confirmation';
import { iLabel } from './labels';
import { relabelMargin } from '../shared/margin';
import { classifyNewLesionIds, newLesionTargetSum } from './newLesionTargets';

/** The iRECIST state between timepoints: the open iUPD (if any) and what came before. */
interface IrState {
  readonly open: OpenIupd | null;
  readonly prior: PriorState;
  readonly confirmed: boolean;
}

interface Step {
  readonly response: Verdict<IRecistResponse>;
  readonly open: OpenIupd | null;
  readonly targetConfirmed: boolean;
}

const A11_NOTE = 'Reading applied (A11): while previously seen new lesions persist, the response remains iUPD (iR Table 2); the FAQ alternative would allow iSD/iPR';

/** IR-1..IR-5 for one timepoint, given the RECIST 1.1 components. */
function step(model: PatientModel, at: IrTimepoint, open: OpenIupd | null): Step {
  const { components } = at;
  const recist = combineOverall(components.target.category, components.nonTarget.category, components.newLesions.category);
  if (open === null) {
    if (recist.category !== 'PD') return { response: { category: iLabel(recist.category), reasons: [{ rule: 'IR-1', text: `${iLabel(recist.category)}: mirrors RECIST 1.1 ${recist.category}` }] }, open: null, targetConfirmed: false };
    const opened = openIupd(model, at);
    return { response: { category: 'iUPD', reasons: [{ rule: 'IR-1', text: 'iUPD: RECIST 1.1 PD criteria met; needs confirmation on a later scan (IR-2, IR-3)' }] }, open: opened, targetConfirmed: false };
  }
  const triggers = confirmationTriggers(open, at);
  if (triggers.length > 0) {
    const days = at.tp.day - open.day;
    if (days >= model.options.iRecistMinConfirmDays) {
      const targetConfirmed = triggers.some((found) => found.category === 'target');
      return { response: { category: 'iCPD', reasons: [...triggers.map((found) => found.reason), { rule: 'IR-3', text: `iCPD: confirmed ${days} days after iUPD ${open.id} (>= ${model.options.iRecistMinConfirmDays})` }] }, open, targetConfirmed };
    }
    return { response: { category: 'iUPD', reasons: [...triggers.map((found) => found.reason), { rule: 'IR-3', text: `iUPD kept: only ${days} days after iUPD ${open.id}; iCPD needs >= ${model.options.iRecistMinConfirmDays} days` }] }, open, targetConfirmed: false };
  }
  if (recist.category === 'PD') {
    const onlyNew = components.newLesions.category && components.target.category !== 'PD' && components.nonTarget.category !== 'PD';
    const reasons: Reason[] = [{ rule: 'IR-5', text: `iUPD: PD criteria still met at ${at.tp.id} without further increase; iUPD ${open.id} stays open` }];
    return { response: { category: 'iUPD', reasons: onlyNew ? [...reasons, { rule: 'IR-5', text: A11_NOTE }] : reasons }, open, targetConfirmed: false };
  }
  if (components.target.category === 'NE' || recist.category === 'NE') {
    return { response: { category: 'NE', reasons: [{ rule: 'IR-5', text: `NE: not evaluable; iUPD ${open.id} can be neither confirmed nor reset` }] }, open, targetConfirmed: false };
  }
  const label = iLabel(recist.category);
  return { response: { category: label, reasons: [{ rule: 'IR-5', text: `${label}: no PD criterion is met any more; the iUPD ${open.id} is reset and a later PD opens a new iUPD` }] }, open: null, targetConfirmed: false };
}

function irTimepoint(course: Course, tpIndex: number, prior: PriorState, classes: IrTimepoint['classes']): IrTimepoint {
  const tp = course.model.timepoints[tpIndex];
  if (tp === undefined) throw new Error(`no timepoint ${tpIndex}`);
  const components = evaluateComponents(RECIST11_COMPONENTS, { course, tp }, prior);
  const nlt = newLesionTargetSum(course.model, tp, classes, RECIST11_COMPONENTS.measure, course.tooSmallHmm);
  return { tp, components, newLesionTargetSum: nlt, classes };
}

function targetLabel(at: IrTimepoint, result: Step): TimepointResult['targetResponse'] {
  const target = at.components.target.category;
  if (target === 'ND') return 'ND';
  return result.targetConfirmed ? 'iCPD' : iLabel(target);
}

/** iRECIST (Seymour 2017): RECIST 1.1 components, iUPD/iCPD state machine, iBOR (IR-6). */
export function assessIrecist(model: PatientModel): CriteriaResult {
  const course = buildCourse(model, RECIST11_COMPONENTS.measure);
  const classes = classifyNewLesionIds(model);
  const timepoints: TimepointResult[] = [];
  const sequence: IResponseAt[] = [];
  let state: IrState = { open: null, prior: { overallCR: false, targetPR: false }, confirmed: false };
  for (let index = 1; index < model.timepoints.length; index += 1) {
    const at = irTimepoint(course, index, state.prior, classes);
    const result = step(model, at, state.open);
    const { components } = at;
    const labels = {
      targetResponse: targetLabel(at, result),
      nonTargetResponse: components.nonTarget.category,
      newLesions: components.newLesions.category,
      overallResponse: result.response.category,
      reasons: concatReasons(components.target.reasons, components.nonTarget.reasons, components.newLesions.reasons, result.response.reasons),
      afterProgression: state.confirmed,
    };
    const tail = { newLesionTargetSum: at.newLesionTargetSum === null ? null : reportAmount(DIAMETER_UNIT, at.newLesionTargetSum) };
    timepoints.push(timepointResult({ course, tp: at.tp }, components, labels, relabelMargin(components.margin, iLabel), tail));
    if (!state.confirmed) sequence.push({ id: at.tp.id, day: at.tp.day, response: result.response.category });
    state = {
      open: result.open,
      prior: { overallCR: state.prior.overallCR || result.response.category === 'iCR', targetPR: state.prior.targetPR || components.target.category === 'PR' },
      confirmed: state.confirmed || result.response.category === 'iCPD',
    };
  }
  const bor = bestIrecistResponse(sequence, model.options);
  return {
    sumUnit: RECIST11_COMPONENTS.measure.unit.symbol,
    timepoints,
    bestOverallResponse: bor.category,
    bestOverallResponseReasons: bor.reasons,
    issues: checkConformance(model, { criterion: 'iRECIST', measure: RECIST11_COMPONENTS.measure, selectionLimits: true, measurableAxis: 'longAxis', nodeRules: true }),
    baseline: baselineResult(course),
  };
}
