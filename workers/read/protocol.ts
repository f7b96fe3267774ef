import { optionsInputSchema } from '../domain/input';
import { DEFAULT_OPTIONS, type EngineOptions } from '../domain/options';

/**
 * A read's protocol settings (issue 15 §4): the engine options a trial's protocol chooses, saved with
 * the read, passed to the engine (toExchangeInput) and written to every export. They are the engine's
 * own options (workers/domain/options.ts), picked by name: the values, their checks and their defaults
 * have one source.
 */
export const PROTOCOL_OPTION_IDS = ['requireConfirmation', 'minSdDurationDays', 'whoProgressionMode'] as const satisfies readonly (keyof EngineOptions)[];
export type ProtocolOptionId = (typeof PROTOCOL_OPTION_IDS)[number];

export type ReadProtocol = Pick<EngineOptions, ProtocolOptionId>;

/** The engine's exchange-input checks of these options, each required in a read. */
export const readProtocolSchema = optionsInputSchema.pick({ requireConfirmation: true, minSdDurationDays: true, whoProgressionMode: true }).required();

export const DEFAULT_PROTOCOL: ReadProtocol = {
  requireConfirmation: DEFAULT_OPTIONS.requireConfirmation,
  minSdDurationDays: DEFAULT_OPTIONS.minSdDurationDays,
  whoProgressionMode: DEFAULT_OPTIONS.whoProgressionMode,
};

export type WhoProgressionMode = EngineOptions['whoProgressionMode'];
export const WHO_PROGRESSION_MODES = ['sum', 'anyLesion'] as const satisfies readonly WhoProgressionMode[];

/** A read stored before protocols were saved has none: it was assessed with the defaults, and still is. */
export const protocolOf = (read: { protocol?: ReadProtocol | undefined }): ReadProtocol => read.protocol ?? DEFAULT_PROTOCOL;

export const isDefaultProtocol = (protocol: ReadProtocol) => PROTOCOL_OPTION_IDS.every((id) => protocol[id] === DEFAULT_PROTOCOL[id]);

/** What each setting is, and its value in words, for the panel, the report and the audit trail. */
export const PROTOCOL_OPTIONS: { readonly [Id in ProtocolOptionId]: { readonly name: string; readonly rule: string; text(value: ReadProtocol[Id]): string } } = {
  requireConfirmation: {
    name: 'Confirmation of CR/PR',
    rule: 'BOR-3',
    text: (required) => (required ? 'confirmation required' : 'no confirmation required'),
  },
  minSdDurationDays: {
    name: 'Minimum SD duration',
    rule: 'BOR-2',
    text: (days) => `SD ≥ ${days} days${days % 7 === 0 ? ` (${days / 7} weeks)` : ''}`,
  },
  whoProgressionMode: {
    name: 'WHO / EASL progression',
    rule: 'WHO-3, WHO-3b',
    text: (mode) => (mode === 'sum' ? 'WHO PD by sum' : 'WHO PD by sum or any lesion'),
  },
};

export const protocolOptionText = <Id extends ProtocolOptionId>(id: Id, value: ReadProtocol[Id]): string => PROTOCOL_OPTIONS[id].text(value);

/** "no confirmation required; SD ≥ 42 days (6 weeks); WHO PD by sum" */
export function describeProtocol(protocol: ReadProtocol): string {
  return PROTOCOL_OPTION_IDS.map((id) => protocolOptionText(id, protocol[id])).join('; ');
}
