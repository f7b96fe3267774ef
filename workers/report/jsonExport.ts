import type { PatientInput } from '../domain/input';
import type { PatientOutput } from '../domain/result';
import type { ReadSession } from '../read/model';
import { protocolOf } from '../read/protocol';
import { toExchangeInput } from '../read/toExchangeInput';

/**
 * The JSON export of a read (README "Report exports"): one self-describing object holding
 *  - `input`: the engine's exchange input (docs/exchange-format.md), so `npm run assess` can recompute it;
 *  - `output`: the engine's output for that input, as shown in the app (null when it had none, e.g. an incomplete read);
 *  - `read`: the read itself, with every measurement's image reference and patient-coordinate end points,
 *    and its protocol settings (a read saved before they were gets the defaults it was assessed with).
 * `format` and `version` let a reader refuse what it does not know; new fields are only ever added.
 */
export interface NadirReadExport {
  format: 'nadir-read';
  version: 1;
  exportedAt: string | null;
  input: PatientInput;
  output: PatientOutput | null;
  read: ReadSession;
}

export function toJsonExport(session: ReadSession, output: PatientOutput | null, exportedAt: string | null = null): NadirReadExport {
  return { format: 'nadir-read', version: 1, exportedAt, input: toExchangeInput(session), output, read: { ...session, protocol: protocolOf(session) } };
}

/** Narrows parsed JSON to an export this version understands (the shape of `read`/`output` is trusted to the engine's validation). */
export function isNadirReadExport(value: unknown): value is NadirReadExport {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return record.format === 'nadir-read' && record.version === 1 && typeof record.input === 'object' && typeof record.output === 'object' && typeof record.read === 'object';
}
