import type { PatientInput } from '../domain/input';
import type { Problem } from '../domain/result';
import { parseReadJson, isReadFileJson } from '../read/readFile';
import { toExchangeInput } from '../read/toExchangeInput';
import { validatePatient } from '../validation/validate';

/**
 * One file of a cohort folder, recognised by its content: a `nadir-read` JSON export (the app's export
 * of a read, workers/report/jsonExport.ts) or an exchange-format patient (docs/exchange-format.md).
 */
export type InputKind = 'exchange' | 'nadir-read';

/** How the engine assesses each kind: a read as the app does (each criterion on its own), an exchange input as `npm run assess` does (all or nothing). */
export const ENGINE_CALL: Record<InputKind, 'assessRead' | 'assessPatient'> = { 'nadir-read': 'assessRead', exchange: 'assessPatient' };

export type CohortFile =
  | { readonly ok: true; readonly file: string; readonly kind: InputKind; readonly input: PatientInput }
  | { readonly ok: false; readonly file: string; readonly problems: readonly Problem[] };

export function readCohortFile(file: string, text: string): CohortFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, file, problems: [{ path: '$', message: `not JSON: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  if (isReadFileJson(json)) {
    const parsed = parseReadJson(json);
    if (!parsed.ok) return { ok: false, file, problems: [{ path: parsed.path, message: parsed.message }] };
    // The engine input is rebuilt from the read exactly as the app builds it, not taken from the export's `input`.
    return { ok: true, file, kind: 'nadir-read', input: toExchangeInput(parsed.read) };
  }
  if (Array.isArray(json)) return { ok: false, file, problems: [{ path: '$', message: 'one patient per file expected, not an array' }] };
  const validated = validatePatient(json);
  return validated.ok ? { ok: true, file, kind: 'exchange', input: validated.value } : { ok: false, file, problems: validated.problems };
}
