import type { Point3 } from '../../workers/read/model';
import type { TimepointChoice } from './timepoints';

/**
 * Where the reader is, kept per tab (sessionStorage) so that a reload returns to it: which studies
 * were opened and from where, the follow-up shown, and each study's series, slice, zoom and pan.
 * Only sample ids and DICOM UIDs: no patient names, nothing that leaves the browser.
 */

/** How studies were opened: samples and PACS studies can be opened again; local files cannot. */
export type PlaceSource =
  /** `quiz`: opened as a quiz (issue 16), so that a reload keeps the answers hidden */
  | { kind: 'samples'; ids: string[]; quiz?: true }
  | { kind: 'pacs'; studyUids: string[]; quiz?: true }
  | { kind: 'local'; fileCount: number };

/** A viewport's view of one study; its zoom and pan as the stack viewer keeps them. */
export interface StudyView {
  seriesUid: string;
  sliceIndex: number;
  zoomPan: { parallelScale: number; focalPoint: Point3 } | null;
}

export interface Place {
  sources: PlaceSource[];
  timepoints: TimepointChoice | null;
  /** by Study Instance UID; a Map so that no stored key ("__proto__") can reach an object's prototype */
  views: ReadonlyMap<string, StudyView>;
}

export const emptyPlace = (): Place => ({ sources: [], timepoints: null, views: new Map() });

const VERSION = 1;
// Bounds: the record is untrusted text; a bigger one is not ours and is refused whole.
const MAX_IDS = 500;
const MAX_VIEWS = 50;
const MAX_ID_LENGTH = 256;
const MAX_SLICES = 100_000;
const MAX_FILES = 10_000_000;

/** The record as stored. Views are an entry list, not an object, for the same prototype reason. */
export function serializePlace(place: Place): string {
  return JSON.stringify({ version: VERSION, sources: place.sources, timepoints: place.timepoints, views: [...place.views.entries()] });
}

/** The place in a stored record; null for anything malformed (a bad record is ignored, never half-used). */
export function parsePlace(text: string | null): Place | null {
  if (!text || text.length > 200_000) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(raw) || raw.version !== VERSION || !Array.isArray(raw.sources) || !Array.isArray(raw.views) || raw.views.length > MAX_VIEWS) return null;
  const sources = raw.sources.map(sourceOf);
  const timepoints = raw.timepoints === null ? null : timepointsOf(raw.timepoints);
  const views = raw.views.map(viewEntryOf);
  if (sources.some((source) => source === null) || timepoints === undefined || views.some((entry) => entry === null)) return null;
  return { sources: sources as PlaceSource[], timepoints, views: new Map(views as [string, StudyView][]) };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isId = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
const isIdList = (value: unknown): value is string[] => Array.isArray(value) && value.length <= MAX_IDS && value.every(isId);
const isCount = (value: unknown, max: number): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function sourceOf(value: unknown): PlaceSource | null {
  if (!isRecord(value)) return null;
  if (value.kind === 'samples' && isIdList(value.ids) && (value.quiz === undefined || value.quiz === true)) return { kind: 'samples', ids: [...value.ids], ...(value.quiz ? { quiz: true } : {}) };
  if (value.kind === 'pacs' && isIdList(value.studyUids) && (value.quiz === undefined || value.quiz === true)) return { kind: 'pacs', studyUids: [...value.studyUids], ...(value.quiz ? { quiz: true } : {}) };
  if (value.kind === 'local' && isCount(value.fileCount, MAX_FILES) && value.fileCount > 0) return { kind: 'local', fileCount: value.fileCount };
  return null;
}

/** undefined: malformed (null is a valid "no choice", handled by the caller) */
function timepointsOf(value: unknown): TimepointChoice | undefined {
  if (!isRecord(value) || !isId(value.baselineUid) || !(value.followUpUid === null || isId(value.followUpUid))) return undefined;
  return { baselineUid: value.baselineUid, followUpUid: value.followUpUid };
}

function viewEntryOf(value: unknown): [string, StudyView] | null {
  if (!Array.isArray(value) || value.length !== 2 || !isId(value[0]) || !isRecord(value[1])) return null;
  const { seriesUid, sliceIndex, zoomPan } = value[1];
  if (!isId(seriesUid) || !isCount(sliceIndex, MAX_SLICES)) return null;
  if (zoomPan === null) return [value[0], { seriesUid, sliceIndex, zoomPan: null }];
  if (!isRecord(zoomPan) || !isFiniteNumber(zoomPan.parallelScale) || zoomPan.parallelScale <= 0) return null;
  const focal = zoomPan.focalPoint;
  if (!Array.isArray(focal) || focal.length !== 3) return null;
  const [x, y, z] = focal as unknown[];
  if (!isFiniteNumber(x) || !isFiniteNumber(y) || !isFiniteNumber(z)) return null;
  return [value[0], { seriesUid, sliceIndex, zoomPan: { parallelScale: zoomPan.parallelScale, focalPoint: [x, y, z] } }];
}

/** Adds an opening: samples and PACS studies once each (a reopening adds nothing), local files counted. */
export function withSource(sources: readonly PlaceSource[], added: PlaceSource): PlaceSource[] {
  const same = sources.find((source) => source.kind === added.kind);
  const rest = sources.filter((source) => source !== same);
  if (!same) return [...sources, added];
  if (same.kind === 'samples' && added.kind === 'samples') {
    // once a quiz, the answers stay hidden whatever is opened beside it
    return [...rest, { kind: 'samples', ids: [...new Set([...same.ids, ...added.ids])], ...(same.quiz || added.quiz ? { quiz: true } : {}) }];
  }
  if (same.kind === 'pacs' && added.kind === 'pacs') {
    return [...rest, { kind: 'pacs', studyUids: [...new Set([...same.studyUids, ...added.studyUids])], ...(same.quiz || added.quiz ? { quiz: true } : {}) }];
  }
  if (same.kind === 'local' && added.kind === 'local') return [...rest, { kind: 'local', fileCount: same.fileCount + added.fileCount }];
  return [...sources, added];
}

/** A study's view, remembered; the oldest views give way beyond the bound. */
export function withView(views: ReadonlyMap<string, StudyView>, studyUid: string, view: StudyView): Map<string, StudyView> {
  const next = new Map(views);
  next.delete(studyUid);
  next.set(studyUid, view);
  while (next.size > MAX_VIEWS) next.delete(next.keys().next().value!);
  return next;
}
