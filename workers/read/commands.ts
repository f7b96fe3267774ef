import type { LesionDefinition, Observation, ReadSession, TimepointRef } from './model';
import { protocolOf, type ReadProtocol } from './protocol';

/** One change to the read. Each is applied purely and recorded in the audit log. */
export type SingleCommand =
  | { kind: 'addLesion'; lesion: LesionDefinition }
  | { kind: 'updateLesion'; lesionId: string; changes: Partial<Pick<LesionDefinition, 'label' | 'role' | 'organ' | 'isLymphNode' | 'vascularPattern'>> }
  | { kind: 'removeLesion'; lesionId: string }
  | { kind: 'setObservation'; studyUid: string; lesionId: string; observation: Observation | null }
  | { kind: 'setTimepoints'; timepoints: TimepointRef[] }
  /** The trial's protocol settings (./protocol.ts): the verdicts follow them */
  | { kind: 'setProtocol'; changes: Partial<ReadProtocol> }
  /**
   * A read file imported into this read: its lesions and observations replace the current ones, and
   * its protocol settings too when it records them (a file from before they were recorded keeps the read's)
   */
  | { kind: 'importRead'; lesions: LesionDefinition[]; observations: ReadSession['observations']; protocol?: ReadProtocol };

/**
 * Every change a reader can make. A gesture (a caliper that creates a lesion and measures it, a status
 * that splits a lesion) is several changes that are one step: one undo, one audit revision.
 */
export type ReadCommand =
  | SingleCommand
  | { kind: 'gesture'; name: string; commands: SingleCommand[] }
  /**
   * Undo and redo: go back to an earlier state; recovered: changes shown before a tab closed, taken
   * back from the journal. The audit log records the difference like any change
   */
  | { kind: 'restore'; session: ReadSession; reason: 'undo' | 'redo' | 'recovered' };

function withoutLesion(session: ReadSession, lesionId: string): ReadSession {
  const observations = Object.fromEntries(
    Object.entries(session.observations).map(([studyUid, byLesion]) => [
      studyUid,
      Object.fromEntries(Object.entries(byLesion).filter(([id]) => id !== lesionId)),
    ]),
  );
  return { ...session, lesions: session.lesions.filter((lesion) => lesion.id !== lesionId), observations };
}

/** Applies a command; an invalid one (an unknown lesion, a duplicate id) leaves the session unchanged. */
export function applyCommand(session: ReadSession, command: ReadCommand): ReadSession {
  switch (command.kind) {
    case 'addLesion':
      if (session.lesions.some((lesion) => lesion.id === command.lesion.id)) return session;
      return { ...session, lesions: [...session.lesions, command.lesion] };
    case 'updateLesion':
      return {
        ...session,
        lesions: session.lesions.map((lesion) => (lesion.id === command.lesionId ? { ...lesion, ...command.changes } : lesion)),
      };
    case 'removeLesion': {
      // Fragments go with their parent: they mean nothing without it.
      const fragments = session.lesions.filter((lesion) => lesion.splitFrom === command.lesionId).map((lesion) => lesion.id);
      return [command.lesionId, ...fragments].reduce(withoutLesion, session);
    }
    case 'setObservation': {
      if (!session.lesions.some((lesion) => lesion.id === command.lesionId)) return session;
      const { [command.lesionId]: _previous, ...others } = session.observations[command.studyUid] ?? {};
      const byLesion = command.observation ? { ...others, [command.lesionId]: command.observation } : others;
      return { ...session, observations: { ...session.observations, [command.studyUid]: byLesion } };
    }
    case 'setTimepoints':
      return { ...session, timepoints: command.timepoints };
    case 'setProtocol': {
      const current = protocolOf(session);
      const next = { ...current, ...command.changes };
      // an unchanged setting is no change: nothing to undo, nothing to audit
      return (Object.keys(command.changes) as (keyof ReadProtocol)[]).every((id) => next[id] === current[id]) ? session : { ...session, protocol: next };
    }
    case 'importRead':
      return { ...session, lesions: command.lesions, observations: command.observations, ...(command.protocol ? { protocol: command.protocol } : {}) };
    case 'gesture':
      return command.commands.reduce(applyCommand, session);
    case 'restore':
      return command.session;
  }
}
