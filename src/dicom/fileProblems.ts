import { transferSyntaxName } from './transferSyntaxes';

/**
 * Why a file could not be opened: a closed set, each with the sentence the user reads. Adding a code
 * without a message fails type-checking.
 */
export type FileProblem =
  | { code: 'empty' }
  | { code: 'not-dicom' }
  | { code: 'truncated'; fileSizeBytes: number; neededBytes: number | null }
  | { code: 'malformed'; detail: string }
  | { code: 'unsupported-transfer-syntax'; transferSyntaxUid: string }
  | { code: 'unsupported-frame-layout'; numberOfFrames: number; fragments: number }
  | { code: 'no-pixel-data'; modality: string }
  | { code: 'undecodable'; detail: string }
  | { code: 'too-deeply-nested'; limit: number }
  | { code: 'inflates-too-large'; limitBytes: number }
  | { code: 'pixel-data-mismatch'; numberOfFrames: number; rows: number; columns: number; expectedBytes: number; actualBytes: number }
  | { code: 'took-too-long'; seconds: number }
  | { code: 'not-readable'; reason: string };

type MessageOf = { [Code in FileProblem['code']]: (problem: Extract<FileProblem, { code: Code }>) => string };

const bytes = (count: number) => count.toLocaleString('en-US');

const messages: MessageOf = {
  empty: () => 'the file is empty (0 bytes)',
  'not-dicom': () => 'not a DICOM file (no DICM marker after the 128-byte preamble)',
  truncated: ({ fileSizeBytes, neededBytes }) =>
    neededBytes === null
      ? `truncated at byte ${bytes(fileSizeBytes)}: the file ends in the middle of an element`
      : `truncated at byte ${bytes(fileSizeBytes)}: the data runs to byte ${bytes(neededBytes)}`,
  malformed: ({ detail }) => `damaged DICOM file: ${detail}`,
  'unsupported-transfer-syntax': ({ transferSyntaxUid }) =>
    `unsupported transfer syntax: ${transferSyntaxName(transferSyntaxUid)} (${transferSyntaxUid})`,
  'unsupported-frame-layout': ({ numberOfFrames, fragments }) =>
    `unsupported pixel data layout: ${numberOfFrames} compressed frames spread over ${fragments} fragments without an offset table`,
  'no-pixel-data': ({ modality }) => `no image in this file (no pixel data${modality ? `; modality ${modality}` : ''})`,
  undecodable: ({ detail }) => `the image could not be decoded: ${detail}`,
  'too-deeply-nested': ({ limit }) => `damaged or hostile DICOM file: sequences nest more than ${limit} levels deep`,
  'inflates-too-large': ({ limitBytes }) =>
    `refused: the deflated data inflates to more than ${bytes(limitBytes)} bytes, more than the file declares (a decompression bomb?)`,
  'pixel-data-mismatch': ({ numberOfFrames, rows, columns, expectedBytes, actualBytes }) =>
    `the header announces ${numberOfFrames.toLocaleString('en-US')} frame${numberOfFrames === 1 ? '' : 's'} of ${rows} × ${columns} pixels (${bytes(expectedBytes)} bytes), but the pixel data holds ${bytes(actualBytes)} bytes`,
  'took-too-long': ({ seconds }) => `reading this file took longer than ${seconds} s and was stopped`,
  // a File is a reference to the disk: moved, changed or deleted after it was chosen, it can no longer be read
  'not-readable': ({ reason }) => `the browser could not read this file (${reason}); was it moved, changed or deleted after it was chosen?`,
};

export function describeProblem(problem: FileProblem): string {
  return (messages[problem.code] as (problem: FileProblem) => string)(problem);
}
