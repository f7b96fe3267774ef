import { readSessionSchema, type ReadSession } from './model';
import { jsonPath } from '../validation/jsonPath';

/**
 * Reading a read back from its JSON export (workers/report/jsonExport.ts writes it): the `read` part,
 * with every measurement's image reference and coordinates, is validated in full before use.
 */
const READ_FILE_FORMAT = 'nadir-read';

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
