import { z } from '../domain/zodSetup';
import { CRITERIA_NAMES, LESION_ROLES } from '../domain/input';
import { VASCULAR_PATTERNS, type ReadSession } from './model';
import { jsonPath } from '../validation/jsonPath';

/**
 * Reading a read back from its JSON export (workers/report/jsonExport.ts writes it): the `read` part,
 * with every measurement's image reference and coordinates, is validated in full before use.
 */
const READ_FILE_FORMAT = 'nadir-read';

const point = z.tuple([z.number(), z.number(), z.number()]);
const measurement = z.object({
  longAxisMm: z.number().nonnegative(),
  shortAxisMm: z.number().nonnegative(),
  longAxis: z.tuple([point, point]),
  shortAxis: z.tuple([point, point]),
  image: z.object({ studyInstanceUid: z.string(), seriesInstanceUid: z.string(), sopInstanceUid: z.string(), frameNumber: z.number().int().positive().nullable() }),
});
const observation = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('present'),
    whole: measurement.nullable(),
    enhancing: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('notMeasured') }),
      z.object({ kind: z.literal('noEnhancement') }),
      z.object({ kind: z.literal('measured'), measurement }),
    ]),
    meanHU: z.number().nullable(),
    volume: z.object({ volumeMl: z.number().nonnegative(), enhancingVolumeMl: z.number().nonnegative(), sliceCount: z.number().int().positive() }).optional(),
  }),
  z.object({ status: z.enum(['disappeared', 'tooSmallToMeasure', 'notEvaluated', 'unequivocalProgression', 'split']) }),
  z.object({ status: z.literal('merged'), mergedInto: z.string() }),
]);
export const readSessionSchema = z.object({
  schemaVersion: z.literal(1),
  readId: z.string().min(1),
  patientId: z.string(),
  patientName: z.string(),
  readerName: z.string(),
  createdAt: z.string(),
  timepoints: z.array(z.object({ studyInstanceUid: z.string(), date: z.string(), modality: z.string(), sliceThicknessMm: z.number().nullable() })),
  lesions: z.array(
    z.object({
      id: z.string().min(1),
      label: z.string(),
      role: z.enum(LESION_ROLES),
      organ: z.string(),
      isLymphNode: z.boolean(),
      firstStudyUid: z.string(),
      splitFrom: z.string().nullable(),
      vascularPattern: z.enum(VASCULAR_PATTERNS).optional(),
    }),
  ),
  observations: z.record(z.string(), z.record(z.string(), observation)),
  criteria: z.array(z.enum(CRITERIA_NAMES)),
});

export type ParsedReadFile = { ok: true; read: ReadSession } | { ok: false; message: string };

/** The first problem of a parsed read export, with its JSON path (`$.read.lesions[0].role`). */
export type ParsedReadJson = { ok: true; read: ReadSession } | { ok: false; path: string; message: string };

export const isReadFileJson = (json: unknown): boolean => typeof json === 'object' && json !== null && (json as { format?: unknown }).format === READ_FILE_FORMAT;

export function parseReadJson(json: unknown): ParsedReadJson {
  if (!isReadFileJson(json)) return { ok: false, path: '$.format', message: `not a Nadir read file (format "${READ_FILE_FORMAT}" expected)` };
  const parsed = readSessionSchema.safeParse((json as { read?: unknown }).read);
  if (parsed.success) return { ok: true, read: parsed.data };
  const first = parsed.error.issues[0];
  return { ok: false, path: jsonPath('$.read', first?.path ?? []), message: first?.message ?? 'invalid' };
}

export function parseReadFile(text: string): ParsedReadFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: 'the file is not JSON' };
  }
  const parsed = parseReadJson(json);
  if (parsed.ok) return parsed;
  if (!isReadFileJson(json)) return { ok: false, message: parsed.message };
  return { ok: false, message: `the read is damaged at ${parsed.path.slice(2)}: ${parsed.message}` };
}
