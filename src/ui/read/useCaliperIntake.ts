import { useEffect, useRef, useState, type MutableRefObject } from 'react';
import { acceptedCaliper, answerOf, caliperIntake, intakeOf, replacementCommand, type Caliper, type Intake, type IntakeContext, type LesionChoice, type PanelMessage, type Proposal, type Replacement } from '../../state/measurementIntake';
import type { ReadController } from '../../state/readController';
import type { CornerstoneRuntime } from '../../viewer/cornerstoneRuntime';
import { densityOutcome } from './lesionCommands';

export type Question =
  | { kind: 'which'; caliper: Caliper; choices: LesionChoice[] }
  | { kind: 'replace'; replacement: Replacement }
  /** click-to-measure: the proposed calipers, until accepted or discarded */
  | { kind: 'proposal'; proposal: Proposal };

interface Handlers {
  onSelect(lesionId: string): void;
  onMessage(message: PanelMessage | null): void;
  /** the site of the last lesion added: a new lesion starts there */
  lastOrgan(): string;
}

/**
 * The viewer's calipers, turned into read commands by the pure intakeOf; what needs the reader's
 * answer waits as a question (one at a time: a new caliper replaces an unanswered one).
 */
export function useCaliperIntake(runtime: CornerstoneRuntime, controller: ReadController, context: MutableRefObject<IntakeContext>, handlers: Handlers) {
  const [question, setQuestion] = useState<Question | null>(null);
  const live = useRef({ handlers, question });
  live.current = { handlers, question };

  const apply = (intake: Intake) => {
    const { onSelect, onMessage } = live.current.handlers;
    switch (intake.kind) {
      case 'nothing':
        setQuestion(null);
        onMessage(intake.message);
        return;
      case 'record':
        setQuestion(null);
        controller.dispatch(intake.command);
        // selecting moves both viewports to the lesion: only for a lesion not already selected
        if (intake.select && intake.select !== context.current.selectedLesionId) onSelect(intake.select);
        onMessage(intake.message);
        return;
      case 'ask':
        onMessage(null);
        setQuestion({ kind: 'which', caliper: intake.caliper, choices: intake.choices });
        return;
      case 'confirmReplace':
        onMessage(null);
        setQuestion({ kind: 'replace', replacement: intake.replacement });
        return;
      case 'editPending':
        setQuestion((current) => {
          if (current?.kind === 'which') return { ...current, caliper: { ...current.caliper, measurement: intake.measurement } };
          if (current?.kind !== 'proposal') return current;
          // A handle of a proposed caliper moved: the proposal is now the reader's adjustment of it.
          const { caliper } = current.proposal;
          const adjusted = intake.part === 'whole' ? { ...caliper, measurement: intake.measurement } : { ...caliper, viable: intake.measurement };
          return { kind: 'proposal', proposal: { ...current.proposal, caliper: adjusted } };
        });
        return;
      case 'proposal':
        onMessage(null);
        setQuestion({ kind: 'proposal', proposal: intake.proposal });
        return;
      case 'proposalVolume':
        // only the click still proposed takes it: a volume that arrives after a new click or an answer is dropped
        setQuestion((current) => {
          if (current?.kind !== 'proposal' || current.proposal.at !== intake.at) return current;
          return { kind: 'proposal', proposal: { ...current.proposal, caliper: { ...current.proposal.caliper, volume: intake.volume } } };
        });
        return;
      case 'density':
        return;
    }
  };

  useEffect(() => {
    let unsubscribe: (() => void) | null = null;
    let active = true;
    void runtime.readingTools().then((tools) => {
      if (!active) return;
      unsubscribe = tools.measurements.subscribe((event) => {
        if (event.kind === 'density' && event.result.ok) {
          const { session, selectedLesionId, studyOfViewport } = context.current;
          const studyUid = studyOfViewport[event.viewportId];
          if (!studyUid) return;
          const outcome = densityOutcome(session, selectedLesionId, studyUid, event.result);
          if (outcome.command) controller.dispatch(outcome.command);
          live.current.handlers.onMessage(outcome.message);
          return;
        }
        apply(intakeOf(event, context.current));
      });
    });
    return () => {
      active = false;
      unsubscribe?.();
    };
    // subscribed once per runtime and read; the latest context and handlers are read through refs
  }, [runtime, controller]);

  return {
    question,
    /** The proposal accepted as shown (with any handle the reader moved): it goes where a drawn caliper goes. */
    accept() {
      if (question?.kind !== 'proposal') return;
      apply(caliperIntake(acceptedCaliper(question.proposal), context.current));
    },
    discard() {
      if (question?.kind !== 'proposal') return;
      setQuestion(null);
      live.current.handlers.onMessage({ kind: 'info', text: 'Proposal discarded: nothing recorded.' });
    },
    /** The same click proposed again with the reader's enhancing threshold. */
    rethreshold(enhancingThreshold: number) {
      if (question?.kind !== 'proposal') return;
      const { caliper, at } = question.proposal;
      void runtime.readingTools().then((tools) => tools.measurements.propose(caliper.viewportId, at, { enhancingThreshold }));
    },
    choose(choice: LesionChoice) {
      if (question?.kind !== 'which') return;
      apply(answerOf(controller.getState().session, question.caliper, choice, live.current.handlers.lastOrgan(), () => crypto.randomUUID()));
    },
    replace(confirmed: boolean) {
      if (question?.kind !== 'replace') return;
      const { replacement } = question;
      setQuestion(null);
      if (!confirmed) {
        live.current.handlers.onMessage({ kind: 'info', text: `${replacement.label} kept as it was; the new caliper is discarded.` });
        return;
      }
      controller.dispatch(replacementCommand(controller.getState().session, replacement));
      live.current.handlers.onMessage({ kind: 'info', text: `${replacement.label} re-measured (Ctrl+Z undoes it).` });
    },
  };
}
