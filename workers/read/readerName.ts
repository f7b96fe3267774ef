/**
 * A reader's name as Nadir stores it and writes it into DICOM: the family-name component of a PN
 * (PS3.5 6.2: at most 64 characters per component group; `^` separates components, `=` component
 * groups and `\` values, so none of them can be part of a name). Checked where the name is typed.
 */

export const READER_NAME_MAX_CHARACTERS = 64;

export type ReaderNameProblem = 'empty' | 'tooLong' | 'delimiter' | 'control';

export const READER_NAME_MESSAGES: Record<ReaderNameProblem, string> = {
  empty: 'Give your name: every change of the read is recorded under it.',
  tooLong: `A name has at most ${READER_NAME_MAX_CHARACTERS} characters in DICOM: shorten it (initials for middle names, say).`,
  delimiter: 'A name cannot contain \\ = or ^: DICOM uses them to separate names and values.',
  control: 'A name cannot contain tabs, line breaks or other control characters.',
};

/** The first problem with a typed name (trimmed first), or null when it is a valid reader name. */
export function readerNameProblem(typed: string): ReaderNameProblem | null {
  const name = typed.trim();
  if (name === '') return 'empty';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return 'control';
  if (/[\\=^]/.test(name)) return 'delimiter';
  // characters as a person counts them (code points), not UTF-16 units
  if ([...name].length > READER_NAME_MAX_CHARACTERS) return 'tooLong';
  return null;
}
