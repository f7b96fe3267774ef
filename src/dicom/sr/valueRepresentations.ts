import type { Dataset } from './dcmjsFacade';

/**
 * Values an SR's content carries that their value representation forbids (PS3.5 §6.2): a Code Value
 * is SH, at most 16 characters (longer codes go in Long Code Value); a Referenced Frame Number is IS,
 * whole numbers of at most 12 characters. dcmjs reads either way, so a tampered or damaged item would
 * be read as something else (a site code no longer matches, a frame number becomes another) without
 * a word: named here, per attribute, so that the import lists them (found by the fuzz campaign).
 */
const MAX_SH_CHARACTERS = 16;
const INTEGER_STRING = /^\s*[+-]?\d{1,11}\s*$/;

type Check = (value: unknown) => string | null;

const CHECKS: Readonly<Record<string, Check>> = {
  CodeValue: (value) => (typeof value === 'string' && value.length > MAX_SH_CHARACTERS ? `a Code Value of ${value.length} characters (SH allows ${MAX_SH_CHARACTERS})` : null),
  ReferencedFrameNumber: (value) => {
    const values = Array.isArray(value) ? value : [value];
    const at = values.findIndex((frame) => !(typeof frame === 'number' ? Number.isInteger(frame) : typeof frame === 'string' && INTEGER_STRING.test(frame)));
    if (at < 0) return null;
    const bad = values[at];
    // An empty value of a list ("1\\") reads as null: the reader is told it is empty, not shown "null".
    if (bad === null || bad === undefined || String(bad).trim() === '') return 'an empty Referenced Frame Number';
    return `a Referenced Frame Number that is not a whole number (${String(bad).slice(0, 20)}${String(bad).length > 20 ? '…' : ''})`;
  },
};

export function valueRepresentationProblems(dataset: Dataset): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      const problem = CHECKS[key]?.(value);
      if (problem) found.add(problem);
      else if (typeof value === 'object') visit(value);
    }
  };
  visit(dataset);
  return [...found];
}
