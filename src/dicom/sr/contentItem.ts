import { sameCode, type Code } from './codes';
import { numberValue, sequence, text, type Dataset } from './dcmjsFacade';

/**
 * The SR content tree in both directions: building items (PS3.3 C.17.3) and finding them again.
 * Each content item of Nadir's reports is written and read by one module in ./items/, on top of these.
 */

// ---- writing -----------------------------------------------------------------------------------

export const codeItem = (code: Code): Dataset => ({ CodeValue: code.value, CodingSchemeDesignator: code.scheme, CodeMeaning: code.meaning });

export type Relationship = 'CONTAINS' | 'HAS OBS CONTEXT' | 'HAS CONCEPT MOD' | 'HAS PROPERTIES' | 'INFERRED FROM' | 'SELECTED FROM';

export const item = (relationship: Relationship, valueType: string, concept: Code | null, fields: Dataset): Dataset => ({
  RelationshipType: relationship,
  ValueType: valueType,
  ...(concept ? { ConceptNameCodeSequence: [codeItem(concept)] } : {}),
  ...fields,
});

export const container = (relationship: Relationship, concept: Code, children: Dataset[], template?: string): Dataset =>
  item(relationship, 'CONTAINER', concept, {
    ContinuityOfContent: 'SEPARATE',
    ...(template ? { ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: template }] } : {}),
    ContentSequence: children,
  });

export const textItem = (relationship: Relationship, concept: Code, value: string) => item(relationship, 'TEXT', concept, { TextValue: value });
export const codeValueItem = (relationship: Relationship, concept: Code, value: Code, children: Dataset[] = []) =>
  item(relationship, 'CODE', concept, { ConceptCodeSequence: [codeItem(value)], ...(children.length > 0 ? { ContentSequence: children } : {}) });
export const uidItem = (relationship: Relationship, concept: Code, uid: string) => item(relationship, 'UIDREF', concept, { UID: uid });

/**
 * DS is at most 16 characters: the shortest decimal that fits; the exact value goes next to it in
 * Floating Point Value (0040,A161).
 */
export function decimalString(value: number): string {
  const fits = (candidate: string) => candidate.length <= 16;
  for (let digits = 17; digits > 0; digits -= 1) {
    const rounded = Number(value.toPrecision(digits));
    const plain = Math.abs(rounded) < 1e-6 && rounded !== 0 ? rounded.toFixed(15).replace(/0+$/, '') : String(rounded);
    if (fits(plain) && !/e/i.test(plain)) return plain;
  }
  // beyond plain notation (|value| ≥ 1e16 or tiny): DS allows an exponent
  for (let digits = 10; digits > 0; digits -= 1) {
    const exponent = value.toExponential(digits - 1);
    if (fits(exponent)) return exponent;
  }
  return String(value);
}

/** A NUM with its value twice: DS for every reader, FD exactly (read back first, see numValueOf). */
export function numItem(concept: Code, value: number, unit: Code, children: Dataset[]): Dataset {
  return item('CONTAINS', 'NUM', concept, {
    MeasuredValueSequence: [{ MeasurementUnitsCodeSequence: [codeItem(unit)], NumericValue: decimalString(value), FloatingPointValue: value }],
    ...(children.length > 0 ? { ContentSequence: children } : {}),
  });
}

// ---- reading -----------------------------------------------------------------------------------

/** What is wrong in which of the files read (its index), in words for the reader. */
export interface SrProblem {
  file: number;
  message: string;
}

export function codeOf(item: Dataset | undefined): Code | null {
  if (!item) return null;
  const value = text(item, 'CodeValue');
  const scheme = text(item, 'CodingSchemeDesignator');
  if (value === null || scheme === null) return null;
  return { value, scheme, meaning: text(item, 'CodeMeaning') ?? '' };
}

export const conceptOf = (item: Dataset) => codeOf(sequence(item, 'ConceptNameCodeSequence')[0]);
export const codeValueOf = (item: Dataset) => codeOf(sequence(item, 'ConceptCodeSequence')[0]);
export const children = (item: Dataset) => sequence(item, 'ContentSequence');
export const valueType = (item: Dataset) => text(item, 'ValueType');
export const find = (items: Dataset[], concept: Code) => items.find((child) => sameCode(conceptOf(child), concept));

export function childCode(items: Dataset[], concept: Code): Code | null {
  const found = find(items, concept);
  return found ? codeValueOf(found) : null;
}
export const childText = (items: Dataset[], concept: Code) => {
  const found = find(items, concept);
  return found ? text(found, 'TextValue') : null;
};
export const childUid = (items: Dataset[], concept: Code) => {
  const found = find(items, concept);
  return found ? text(found, 'UID') : null;
};

export function keyOf<K extends string>(table: Readonly<Record<K, Code>>, code: Code | null): K | null {
  if (code === null) return null;
  return (Object.keys(table) as K[]).find((key) => sameCode(code, table[key])) ?? null;
}

/** A NUM's value as numItem writes it: the exact FD first, the DS when a writer gave only that. */
export function numValueOf(num: Dataset | undefined): number | null {
  const measured = num ? sequence(num, 'MeasuredValueSequence')[0] : undefined;
  return measured ? (numberValue(measured, 'FloatingPointValue') ?? numberValue(measured, 'NumericValue')) : null;
}
