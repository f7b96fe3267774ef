import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { describeChoice, type Caliper, type LesionChoice, type Replacement } from '../../state/measurementIntake';
import { centreOf, farLimitMm } from '../../state/lesionPosition';
import type { Point3 } from '../../../workers/read/model';
import { formatAxesMm } from '../../../workers/domain/lengths';

type ViewportElement = HTMLElement & { nadirWorldToClient?: (point: Point3) => [number, number] };

/** Where to show a question about a caliper: beside it on its viewport, or at the viewport's corner. */
function useAnchor(viewportId: string, point: Point3): { left: number; top: number } {
  const [anchor, setAnchor] = useState({ left: 0, top: 0 });
  const [x, y, z] = point;
  useLayoutEffect(() => {
    const point: Point3 = [x, y, z];
    const element = document.querySelector<ViewportElement>(`[data-testid="${CSS.escape(viewportId)}"]`);
    const box = element?.getBoundingClientRect();
    const at = element?.nadirWorldToClient?.(point);
    const left = at ? at[0] + 24 : (box?.left ?? 0) + 16;
    const top = at ? at[1] - 12 : (box?.top ?? 0) + 16;
    // kept on screen: a question beyond the edge cannot be answered
    setAnchor({ left: Math.max(8, Math.min(left, window.innerWidth - 280)), top: Math.max(8, Math.min(top, window.innerHeight - 260)) });
  }, [viewportId, x, y, z]);
  return anchor;
}

const stop = (event: KeyboardEvent) => event.stopPropagation();

function onKeys(event: KeyboardEvent<HTMLDivElement>, onEscape: () => void) {
  // The question owns the keyboard while open: arrows move between answers, not slices.
  stop(event);
  if (event.key === 'Escape') onEscape();
  else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    const buttons = [...event.currentTarget.querySelectorAll('button')];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    buttons[(index + (event.key === 'ArrowDown' ? 1 : buttons.length - 1)) % buttons.length]?.focus();
    event.preventDefault();
  }
}

/** "What is this caliper?" beside a caliper drawn with no lesion selected. Enter takes the first answer. */
export function CaliperPrompt({ caliper, choices, onChoose }: { caliper: Caliper; choices: LesionChoice[]; onChoose(choice: LesionChoice): void }) {
  const anchor = useAnchor(caliper.viewportId, centreOf(caliper.measurement));
  const first = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => first.current?.focus(), [caliper]);
  return (
    <div className="caliper-prompt" role="dialog" aria-label="What is this caliper?" data-testid="caliper-prompt" style={anchor} onKeyDown={(event) => onKeys(event, () => onChoose({ kind: 'discard' }))}>
      <p>
        {formatAxesMm(caliper.measurement.longAxisMm, caliper.measurement.shortAxisMm)} mm: which lesion?
      </p>
      <div className="choices">
        {choices.map((choice, index) => (
          <button
            key={choice.kind === 'existing' ? choice.lesionId : choice.kind}
            ref={index === 0 ? first : undefined}
            type="button"
            className={choice.kind === 'discard' ? 'link' : choice.kind === 'existing' && choice.far ? 'far' : ''}
            data-testid="caliper-choice"
            data-choice={choice.kind === 'existing' ? choice.label : choice.kind}
            onClick={() => onChoose(choice)}
          >
            {describeChoice(choice)}
          </button>
        ))}
      </div>
      <p className="hint">Enter: the first · ↑↓ · Esc: discard</p>
    </div>
  );
}

const axes = (m: { longAxisMm: number; shortAxisMm: number }) => `${formatAxesMm(m.longAxisMm, m.shortAxisMm)} mm`;

/** Re-measuring: old → new and how far apart, replaced only when confirmed. */
export function ReplacePrompt({ replacement, onAnswer }: { replacement: Replacement; onAnswer(replace: boolean): void }) {
  const { caliper, previous, centresApartMm, label } = replacement;
  const anchor = useAnchor(caliper.viewportId, centreOf(caliper.measurement));
  const far = centresApartMm > farLimitMm(previous.longAxisMm);
  const preferred = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => preferred.current?.focus(), [replacement]);
  return (
    <div className="caliper-prompt" role="dialog" aria-label={`Replace ${label}'s measurement?`} data-testid="replace-prompt" data-far={far} style={anchor} onKeyDown={(event) => onKeys(event, () => onAnswer(false))}>
      <p>
        Replace {label}
        {caliper.part === 'enhancing' ? ' viable part' : ''}? <strong>{axes(previous)}</strong> → <strong>{axes(caliper.measurement)}</strong>
      </p>
      <p className={far ? 'warning' : 'hint'} data-testid="replace-distance">
        The centres are {centresApartMm.toFixed(1)} mm apart{far ? ': probably another lesion' : ''}.
      </p>
      <div className="choices">
        {/* far apart, the safe answer is the default */}
        <button type="button" ref={far ? undefined : preferred} data-testid="replace-confirm" onClick={() => onAnswer(true)}>
          Replace
        </button>
        <button type="button" ref={far ? preferred : undefined} data-testid="replace-keep" onClick={() => onAnswer(false)}>
          Keep {axes(previous)}
        </button>
      </div>
    </div>
  );
}
