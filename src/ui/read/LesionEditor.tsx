import { useId } from 'react';
import { labelForSite } from '../../state/lesionFactory';
import type { ReadController } from '../../state/readController';
import { needsVascularPattern, type LesionDefinition, type ReadSession, type VascularPattern } from '../../../workers/read/model';
import { isLymphNodeSite } from '../../../workers/read/organs';
import { TextField } from './fields';
import { RemoveButton, SitePicker } from './lesionControls';
import type { ShownStudy } from './LesionTable';
import { roleNames, seenBy } from './lesionText';
import { ObservationEditor } from './ObservationEditor';

interface Props {
  controller: ReadController;
  session: ReadSession;
  lesion: LesionDefinition;
  shown: ShownStudy[];
}

/**
 * The selected lesion's fields, each labelled and as wide as the side column allows: the table
 * above only shows, this edits. One lesion at a time keeps the column readable at 22rem.
 */
export function LesionEditor({ controller, session, lesion, shown }: Props) {
  const ids = { label: useId(), role: useId(), site: useId(), pattern: useId() };
  const update = (changes: Partial<LesionDefinition>) => controller.dispatch({ kind: 'updateLesion', lesionId: lesion.id, changes });
  const baselineUid = session.timepoints[0]?.studyInstanceUid;
  return (
    <section className="lesion-editor" aria-label={`Lesion ${lesion.label}`} data-testid="lesion-editor" data-label={lesion.label}>
      <h3>
        {lesion.label} <span className="muted">{roleNames[lesion.role]}</span>
      </h3>
      <div className="editor-fields">
        <div className="editor-field">
          <label htmlFor={ids.label}>Label</label>
          <TextField
            id={ids.label}
            className="label-input"
            label="Lesion label"
            value={lesion.label}
            problemOf={(text) => (text.trim() === '' ? 'a lesion needs a label' : session.lesions.some((other) => other.id !== lesion.id && other.label === text.trim()) ? `${text.trim()} is taken` : null)}
            // trimmed when the field is left; kept as typed meanwhile, so that a space typed mid-label stays
            onCommit={(text) => update({ label: text })}
            live
            readOnly={controller.getState().readOnly}
            onLeave={() => {
              if (lesion.label !== lesion.label.trim()) update({ label: lesion.label.trim() });
              controller.flushTyping();
            }}
          />
        </div>
        <div className="editor-field">
          <label htmlFor={ids.role}>Type</label>
          <select id={ids.role} aria-label="Lesion type" value={lesion.role} disabled={lesion.role === 'new'} onChange={(event) => update({ role: event.target.value as LesionDefinition['role'] })}>
            <option value="target">target</option>
            <option value="nontarget">non-target</option>
            {lesion.role === 'new' && <option value="new">new</option>}
          </select>
        </div>
        <div className="editor-field wide">
          <label htmlFor={ids.site}>
            Site {lesion.isLymphNode && <span className="badge">node: short axis</span>}
          </label>
          <SitePicker id={ids.site} session={session} lesion={lesion} onSite={(organ) => update({ organ, isLymphNode: isLymphNodeSite(organ), label: labelForSite(session, lesion, organ) })} />
        </div>
        {needsVascularPattern(lesion) && (
          <div className="editor-field wide">
            <label htmlFor={ids.pattern} title="mRECIST: a new liver lesion counts as new HCC only with the typical pattern (arterial hyperenhancement with washout)">
              Vascular pattern (mRECIST)
            </label>
            <select
              id={ids.pattern}
              aria-label="Vascular pattern"
              className={lesion.vascularPattern && lesion.vascularPattern !== 'notAssessed' ? '' : 'unrecorded'}
              value={lesion.vascularPattern ?? 'notAssessed'}
              onChange={(event) => update({ vascularPattern: event.target.value as VascularPattern })}
            >
              <option value="notAssessed">pattern not assessed</option>
              <option value="typical">typical pattern (HCC)</option>
              <option value="atypical">atypical pattern</option>
            </select>
          </div>
        )}
      </div>
      {shown.map((study) =>
        seenBy(session, lesion, study.studyUid) ? (
          <ObservationEditor key={study.studyUid} controller={controller} session={session} lesion={lesion} studyUid={study.studyUid} title={study.label} isBaseline={study.studyUid === baselineUid} />
        ) : (
          <p key={study.studyUid} className="muted" title="The lesion was first recorded at a later timepoint">
            {study.label}: not yet seen
          </p>
        ),
      )}
      <div className="editor-actions">
        <RemoveButton lesion={lesion} onRemove={() => controller.dispatch({ kind: 'removeLesion', lesionId: lesion.id })} />
      </div>
    </section>
  );
}
