import type { KeyboardEvent } from 'react';
import { observationOf, type LesionDefinition, type ReadSession } from '../../../workers/read/model';
import { cellSummary, roleNames, roleTags, seenBy, shortSite } from './lesionText';

export interface ShownStudy {
  role: 'baseline' | 'follow-up';
  studyUid: string;
  /** "BL 2024-01-10" */
  label: string;
  /** "BL", "FU1" */
  timepoint: string;
  date: string;
}

interface Props {
  session: ReadSession;
  shown: ShownStudy[];
  selectedLesionId: string | null;
  onSelect(lesionId: string): void;
}

/**
 * Every lesion of the read, one line each, with what was measured of it in the studies on screen.
 * It only shows: a row selects its lesion (click, or Enter/Space on the focused row), and the
 * editor below it edits.
 */
export function LesionTable({ session, shown, selectedLesionId, onSelect }: Props) {
  return (
    <table className="lesion-table" data-testid="lesion-table">
      <thead>
        <tr>
          <th scope="col">Lesion</th>
          {shown.map((study) => (
            <th key={study.studyUid} scope="col">
              {study.timepoint} <span className="column-date">{study.date}</span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {session.lesions.map((lesion) => (
          <LesionRow key={lesion.id} session={session} lesion={lesion} shown={shown} selected={lesion.id === selectedLesionId} onSelect={onSelect} />
        ))}
      </tbody>
    </table>
  );
}

function LesionRow({ session, lesion, shown, selected, onSelect }: { session: ReadSession; lesion: LesionDefinition; shown: ShownStudy[]; selected: boolean; onSelect(lesionId: string): void }) {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.target !== event.currentTarget || (event.key !== 'Enter' && event.key !== ' ')) return;
    event.preventDefault(); // Space would scroll the column
    onSelect(lesion.id);
  };
  return (
    <tr
      className={selected ? 'selected' : ''}
      aria-current={selected ? 'true' : undefined}
      tabIndex={0}
      onClick={() => onSelect(lesion.id)}
      onKeyDown={onKeyDown}
      data-testid="lesion-row"
      data-label={lesion.label}
      data-role={lesion.role}
      data-site={lesion.organ}
    >
      <th scope="row" className="lesion-name">
        <span className="lesion-label">{lesion.label}</span>{' '}
        <span className={`role-tag ${lesion.role}`} title={roleNames[lesion.role]}>
          {roleTags[lesion.role]}
        </span>
        <span className="site" title={lesion.organ}>
          {shortSite(lesion.organ)}
        </span>
      </th>
      {shown.map((study) =>
        seenBy(session, lesion, study.studyUid) ? (
          <ObservationCell key={study.studyUid} session={session} lesion={lesion} studyUid={study.studyUid} />
        ) : (
          // empty: the lesion was first recorded at a later timepoint
          <td key={study.studyUid} title="first recorded at a later timepoint" />
        ),
      )}
    </tr>
  );
}

function ObservationCell({ session, lesion, studyUid }: { session: ReadSession; lesion: LesionDefinition; studyUid: string }) {
  const observation = observationOf(session, studyUid, lesion.id);
  const labelOf = (id: string) => session.lesions.find((other) => other.id === id)?.label ?? '?';
  const summary = cellSummary(lesion, observation, labelOf);
  return (
    <td data-testid="observation" data-study={studyUid} data-status={observation?.status ?? ''} title={summary.full}>
      <div className={observation?.status === 'present' && observation.whole ? 'measure-whole' : 'measure-whole status'}>{summary.whole}</div>
      {summary.viable && <div className="measure-enhancing">{summary.viable}</div>}
      {summary.hu && <div className="measure-hu">{summary.hu}</div>}
    </td>
  );
}
