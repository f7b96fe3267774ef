import type { ReadController } from '../../state/readController';
import type { ReadSession } from '../../../workers/read/model';
import {
  describeProtocol,
  PROTOCOL_OPTIONS,
  protocolOf,
  protocolOptionText,
  WHO_PROGRESSION_MODES,
  type ReadProtocol,
  type WhoProgressionMode,
} from '../../../workers/read/protocol';

interface Props {
  controller: ReadController;
  session: ReadSession;
  /** why the settings cannot be changed now (a signed read, a read-only tab), or null */
  lockedWhy: string | null;
}

/**
 * R11 §4.6 leaves the minimum SD duration to the protocol ("not less than 6–8 weeks"): whole weeks
 * from 4 to 12, and the read's own value when a file brought another.
 */
const SD_WEEKS = [4, 5, 6, 7, 8, 9, 10, 11, 12];
const sdChoices = (current: number) => [...new Set([...SD_WEEKS.map((weeks) => weeks * 7), current])].sort((a, b) => a - b);

/** PD is +25 % over the nadir either way: of the sum of products, or also of any one lesion's product */
const WHO_MODE_LABELS: Record<WhoProgressionMode, string> = {
  sum: 'Sum of products (WHO-3)',
  anyLesion: 'Sum, or any one lesion (WHO-3b)',
};

/**
 * The trial's protocol settings (issue 15 §4): always named in one line, changed in the drawer below
 * it. Each change is one read command: shown at once in the verdicts, in the audit trail old → new,
 * undone by one Undo. A signed read is locked: the settings are shown, not offered.
 */
export function ProtocolControl({ controller, session, lockedWhy }: Props) {
  const protocol = protocolOf(session);
  const change = <Id extends keyof ReadProtocol>(id: Id, value: ReadProtocol[Id]) => {
    if (protocol[id] === value) return;
    const changes: Partial<ReadProtocol> = { [id]: value };
    controller.dispatch({ kind: 'gesture', name: `protocol: ${protocolOptionText(id, value)}`, commands: [{ kind: 'setProtocol', changes }] });
  };
  return (
    <details className="protocol" data-testid="protocol">
      <summary>
        Protocol: <span data-testid="protocol-summary">{describeProtocol(protocol)}</span>
      </summary>
      {lockedWhy !== null ? (
        <p className="hint" data-testid="protocol-locked">
          {lockedWhy}
        </p>
      ) : (
        <div className="protocol-form">
          <label className="check">
            <input type="checkbox" checked={protocol.requireConfirmation} onChange={(event) => change('requireConfirmation', event.currentTarget.checked)} data-testid="protocol-requireConfirmation" />
            <span>
              A CR or PR must be confirmed by a later scan ({PROTOCOL_OPTIONS.requireConfirmation.rule})
            </span>
          </label>
          <label>
            <span>
              {PROTOCOL_OPTIONS.minSdDurationDays.name} ({PROTOCOL_OPTIONS.minSdDurationDays.rule})
            </span>
            <select value={protocol.minSdDurationDays} onChange={(event) => change('minSdDurationDays', Number(event.currentTarget.value))} data-testid="protocol-minSdDurationDays">
              {sdChoices(protocol.minSdDurationDays).map((days) => (
                <option key={days} value={days}>
                  {protocolOptionText('minSdDurationDays', days)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{PROTOCOL_OPTIONS.whoProgressionMode.name}</span>
            <select
              value={protocol.whoProgressionMode}
              onChange={(event) => change('whoProgressionMode', WHO_PROGRESSION_MODES.find((mode) => mode === event.currentTarget.value) ?? protocol.whoProgressionMode)}
              data-testid="protocol-whoProgressionMode"
            >
              {WHO_PROGRESSION_MODES.map((mode) => (
                <option key={mode} value={mode}>
                  {WHO_MODE_LABELS[mode]}
                </option>
              ))}
            </select>
          </label>
          <p className="hint">Every verdict follows at once; Undo (Ctrl+Z) takes a change back.</p>
        </div>
      )}
    </details>
  );
}
