import { PROTOCOL_OPTION_IDS, PROTOCOL_OPTIONS, readProtocolSchema, type ProtocolOptionId, type ReadProtocol } from '../../../../workers/read/protocol';
import { CODES, WHO_PROGRESSION_CODES, sameCode, type Code } from '../codes';
import { childCode, childText, codeValueItem, find, keyOf, textItem } from '../contentItem';
import type { Dataset } from '../dcmjsFacade';

/**
 * The read's protocol settings (issue 15 §4) among the Qualitative Evaluations of TID 1500, which take
 * CODE and TEXT items only: confirmation required as Yes / No (SCT), the minimum SD duration as TEXT
 * (whole days), the WHO progression test as a private code (../README.md). Written and read here, so
 * that reading an SR back restores the settings its verdicts were computed with.
 */

/** The concept of each setting, keyed by the engine option it records. */
const CONCEPTS: Readonly<Record<ProtocolOptionId, Code>> = {
  requireConfirmation: CODES.confirmationRequired,
  minSdDurationDays: CODES.minSdDuration,
  whoProgressionMode: CODES.whoProgressionMode,
};
export const PROTOCOL_CONCEPTS: readonly Code[] = Object.values(CONCEPTS);

export function writeProtocol(protocol: ReadProtocol): Dataset[] {
  return [
    codeValueItem('CONTAINS', CONCEPTS.requireConfirmation, protocol.requireConfirmation ? CODES.yes : CODES.no),
    textItem('CONTAINS', CONCEPTS.minSdDurationDays, String(protocol.minSdDurationDays)),
    codeValueItem('CONTAINS', CONCEPTS.whoProgressionMode, WHO_PROGRESSION_CODES[protocol.whoProgressionMode]),
  ];
}

// ---- reading -----------------------------------------------------------------------------------

/** One setting as written: not there, a value Nadir writes, or what stood there instead (for ../srChecks.ts). */
export type RecordedSetting<T> = { kind: 'absent' } | { kind: 'read'; value: T } | { kind: 'bad'; written: string };
export type RecordedProtocol = { readonly [Id in ProtocolOptionId]: RecordedSetting<ReadProtocol[Id]> };

const codeText = (code: Code | null) => (code ? `${code.value} (${code.scheme})` : 'no code');

function recordCode<T>(items: Dataset[], concept: Code, valueOf: (code: Code | null) => T | null): RecordedSetting<T> {
  if (!find(items, concept)) return { kind: 'absent' };
  const code = childCode(items, concept);
  const value = valueOf(code);
  return value === null ? { kind: 'bad', written: codeText(code) } : { kind: 'read', value };
}

function recordDays(items: Dataset[]): RecordedSetting<number> {
  const written = childText(items, CONCEPTS.minSdDurationDays);
  if (written === null) return find(items, CONCEPTS.minSdDurationDays) ? { kind: 'bad', written: 'no text' } : { kind: 'absent' };
  // whole days, within the engine's own bounds for the option
  const parsed = /^\d+$/.test(written.trim()) ? readProtocolSchema.shape.minSdDurationDays.safeParse(Number(written.trim())) : null;
  return parsed?.success ? { kind: 'read', value: parsed.data } : { kind: 'bad', written: `"${written}"` };
}

const yesNo = (code: Code | null): boolean | null => (code && sameCode(code, CODES.yes) ? true : code && sameCode(code, CODES.no) ? false : null);

/** What the evaluations hold of the protocol, setting by setting, as written. */
export function recordProtocol(evaluations: Dataset[]): RecordedProtocol {
  return {
    requireConfirmation: recordCode(evaluations, CONCEPTS.requireConfirmation, yesNo),
    minSdDurationDays: recordDays(evaluations),
    whoProgressionMode: recordCode(evaluations, CONCEPTS.whoProgressionMode, (code) => keyOf(WHO_PROGRESSION_CODES, code)),
  };
}

/** The settings when every one was written and read; null otherwise (an SR from before they were, or a damaged one). */
export function protocolOfRecord(recorded: RecordedProtocol): ReadProtocol | null {
  const { requireConfirmation, minSdDurationDays, whoProgressionMode } = recorded;
  if (requireConfirmation.kind !== 'read' || minSdDurationDays.kind !== 'read' || whoProgressionMode.kind !== 'read') return null;
  return { requireConfirmation: requireConfirmation.value, minSdDurationDays: minSdDurationDays.value, whoProgressionMode: whoProgressionMode.value };
}

/**
 * What is wrong with the settings as written, one entry per setting: a value Nadir does not write, or
 * a setting missing beside the others. None written at all is an SR from before they were: no problem.
 */
export function protocolProblems(recorded: RecordedProtocol): { setting: string; detail: string }[] {
  const written = PROTOCOL_OPTION_IDS.filter((id) => recorded[id].kind !== 'absent');
  if (written.length === 0) return [];
  return PROTOCOL_OPTION_IDS.flatMap((id) => {
    const setting = recorded[id];
    const name = PROTOCOL_OPTIONS[id].name;
    if (setting.kind === 'bad') return [{ setting: name, detail: `written as ${setting.written}` }];
    if (setting.kind === 'absent') return [{ setting: name, detail: 'missing, while the other settings are written' }];
    return [];
  });
}
