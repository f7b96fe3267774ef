import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { DENSITY_REFUSAL_TEXT } from '../../../workers/measure/proposedDensity';
import { describeChoice, recordedHU, volumeText, type Caliper, type LesionChoice, type Proposal, type Replacement } from '../../state/measurementIntake';
import { centreOf, farLimitMm } from '../../state/lesionPosition';
import type { Point3 } from '../../../workers/read/model';
import { formatAxesMm } from '../../../workers/domain/lengths';

type ViewportElement = HTMLElement & { nadirWorldToClient?: (point: Point3) => [number, number] | null };

const PROMPT_WIDTH_PX = 270;

/**
 * Where to show a question about a caliper: beside it on its viewport (right of the points given,
 * or left of them where the right has no room), or at the viewport's corner.
 */
function useAnchor(viewportId: string, points: readonly Point3[]): { left: number; top: number } {
  const [anchor, setAnchor] = useState({ left: 0, top: 0 });
  const key = JSON.stringify(points);
  useLayoutEffect(() => {
    const element = document.querySelector<ViewportElement>(`[data-testid="${CSS.escape(viewportId)}"]`);
    const box = element?.getBoundingClientRect();
    const onScreen = (JSON.parse(key) as Point3[]).map((point) => element?.nadirWorldToClient?.(point)).filter((at): at is [number, number] => Boolean(at));
    let left = (box?.left ?? 0) + 16;
    let top = (box?.top ?? 0) + 16;
    if (onScreen.length > 0) {
      const xs = onScreen.map(([x]) => x);
      const right = Math.max(...xs) + 24;
      left = box && right + PROMPT_WIDTH_PX > box.right ? Math.min(...xs) - 24 - PROMPT_WIDTH_PX : right;
      top = Math.min(...onScreen.map(([, y]) => y)) - 12;
    }
    // kept on screen: a question beyond the edge cannot be answered
    setAnchor({ left: Math.max(8, Math.min(left, window.innerWidth - 280)), top: Math.max(8, Math.min(top, window.innerHeight - 260)) });
  }, [viewportId, key]);
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
  const anchor = useAnchor(caliper.viewportId, [centreOf(caliper.measurement)]);
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
  const anchor = useAnchor(caliper.viewportId, [centreOf(caliper.measurement)]);
  const far = centresApartMm > farLimitMm(previous.longAxisMm);
  const preferred = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => preferred.current?.focus(), [replacement]);
  return (
    <div className="caliper-prompt" role="dialog" aria-label={`Replace ${label}'s measurement?`} data-testid="replace-prompt" data-far={far} style={anchor} onKeyDown={(event) => onKeys(event, () => onAnswer(false))}>
      <p>
        Replace {label}
        {caliper.part === 'enhancing' ? ' viable part' : ''}? <strong>{axes(previous)}</strong> → <strong>{axes(caliper.measurement)}</strong>
      </p>
      {caliper.viable && <p data-testid="replace-viable">and its viable part by the proposed {axes(caliper.viable)}</p>}
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

/**
 * Click-to-measure: the proposed calipers, marked as proposed on the image, accepted as they are
 * (or as the reader adjusted their handles) with Enter, or discarded. The enhancing threshold that
 * made the viable part is shown and can be changed, which proposes again from the same click.
 */
export function ProposalPrompt({ proposal, onAccept, onDiscard, onThreshold }: { proposal: Proposal; onAccept(): void; onDiscard(): void; onThreshold(value: number): void }) {
  const { caliper, enhancingThreshold, backgroundLevel, unit, density } = proposal;
  // beside the proposed calipers, not over them: the reader judges them before accepting
  const anchor = useAnchor(caliper.viewportId, [...caliper.measurement.longAxis, ...caliper.measurement.shortAxis]);
  const accept = useRef<HTMLButtonElement>(null);
  const [threshold, setThreshold] = useState(String(Math.round(enhancingThreshold)));
  useLayoutEffect(() => setThreshold(String(Math.round(enhancingThreshold))), [enhancingThreshold]);
  useLayoutEffect(() => accept.current?.focus(), [proposal]);
  const unitText = unit === 'HU' ? ' HU' : '';
  const submitThreshold = () => {
    const value = Number(threshold);
    if (threshold.trim() !== '' && Number.isFinite(value)) onThreshold(value);
  };
  return (
    <div className="caliper-prompt" role="dialog" aria-label="Proposed measurement" data-testid="proposal-prompt" style={anchor} onKeyDown={(event) => onKeys(event, onDiscard)}>
      <p data-testid="proposal-whole">
        Proposed: lesion <strong>{axes(caliper.measurement)}</strong>
      </p>
      <p data-testid="proposal-viable">{caliper.viable ? <>viable part <strong>{axes(caliper.viable)}</strong></> : <>no enhancing part</>}</p>
      <p data-testid="proposal-volume" data-state={caliper.volume ? 'found' : caliper.volume === null ? 'none' : 'searching'}>
        {caliper.volume ? <>volume <strong>{volumeText(caliper.volume)}</strong></> : caliper.volume === null ? 'no volume found over the slices around' : 'volume: searching the slices around…'}
      </p>
      {density.kind === 'measured' ? (
        <p data-testid="proposal-density" data-state="measured">
          mean <strong>{recordedHU(density.meanHU).toFixed(1)} HU</strong> for Choi{density.seriesDescription ? <>, on {density.seriesDescription}</> : null} (an HU already recorded stays)
        </p>
      ) : (
        density.reason !== 'notHounsfield' && (
          <p data-testid="proposal-density" data-state="notProposed">
            {DENSITY_REFUSAL_TEXT[density.reason]}
          </p>
        )
      )}
      <label className="proposal-threshold">
        Enhancing above
        <input
          type="number"
          inputMode="decimal"
          data-testid="proposal-threshold"
          value={threshold}
          onChange={(event) => setThreshold(event.target.value)}
          onKeyDown={(event) => {
            // Enter here proposes again with this threshold; it does not accept.
            if (event.key === 'Enter') {
              event.preventDefault();
              event.stopPropagation();
              submitThreshold();
            }
          }}
        />
        {unitText}
      </label>
      <p className="hint">
        Surrounding tissue {Math.round(backgroundLevel)}
        {unitText}. Drag a handle to adjust.
      </p>
      <div className="choices">
        <button type="button" ref={accept} data-testid="proposal-accept" onClick={onAccept}>
          Accept
        </button>
        <button type="button" className="link" data-testid="proposal-discard" onClick={onDiscard}>
          Discard
        </button>
      </div>
      <p className="hint">Enter: accept · Esc: discard</p>
    </div>
  );
}
