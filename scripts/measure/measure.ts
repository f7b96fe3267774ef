// npm run measure -- <series folder> --at x,y,z
// Click-to-measure from the command line: the same algorithm as the viewer (workers/measure), on one
// series folder, at a point in patient coordinates (mm). Prints JSON. Exit codes: 0 a proposal,
// 2 bad input (named), 3 nothing found there.
import { segmentLesion, NO_PROPOSAL_TEXT } from '../../workers/measure/segment';
import { segmentVolume } from '../../workers/measure/volume';
import { locate, MeasureInputError, readSeries, toPatientMm, type SeriesSlice } from './series';

export const EXIT = { proposal: 0, badInput: 2, nothingFound: 3 } as const;

type Point3 = [number, number, number];

export interface MeasureOutput {
  readonly sopInstanceUID: string;
  readonly file: string;
  readonly longAxisMm: number;
  readonly shortAxisMm: number;
  readonly longAxisEndpointsMm: [Point3, Point3];
  readonly shortAxisEndpointsMm: [Point3, Point3];
  readonly enhancingLongAxisMm: number | null;
  readonly enhancingShortAxisMm: number | null;
  readonly enhancingLongAxisEndpointsMm: [Point3, Point3] | null;
  readonly enhancingShortAxisEndpointsMm: [Point3, Point3] | null;
  readonly enhancingThreshold: number;
  readonly backgroundLevel: number;
  readonly volumeMl: number | null;
  readonly enhancingVolumeMl: number | null;
  readonly touchesImageEdge: boolean;
}

function parsePoint(text: string | undefined): Point3 {
  const parts = (text ?? '').split(',').map((part) => part.trim());
  const values = parts.map(Number);
  if (parts.length !== 3 || parts.some((part) => part === '') || values.some((value) => !Number.isFinite(value))) {
    throw new MeasureInputError(`--at takes three numbers in mm, x,y,z (patient coordinates); got "${text ?? ''}"`);
  }
  return values as Point3;
}

export function parseArguments(argv: readonly string[]): { folder: string; at: Point3 } {
  const atIndex = argv.indexOf('--at');
  const positional = argv.filter((_, index) => index !== atIndex && index !== atIndex + 1);
  if (positional.length !== 1 || atIndex < 0) throw new MeasureInputError('usage: npm run measure -- <series folder> --at x,y,z');
  return { folder: positional[0]!, at: parsePoint(argv[atIndex + 1]) };
}

const sliceSpacingMm = (slices: readonly SeriesSlice[], index: number): number => {
  const neighbour = slices[index + 1] ?? slices[index - 1];
  return neighbour ? Math.abs(neighbour.heightMm - slices[index]!.heightMm) : 0;
};

/** The command's work, returning what it prints and its exit code, so that tests call it directly. */
export function measure(argv: readonly string[]): { code: number; stdout: string; stderr: string } {
  try {
    const { folder, at } = parseArguments(argv);
    const slices = readSeries(folder);
    const place = locate(slices, at);
    if (place.offPlaneMm > sliceSpacingMm(slices, place.index) / 2 + 1e-6 && slices.length > 1) {
      throw new MeasureInputError(`the point is ${place.offPlaneMm.toFixed(1)} mm from the nearest slice: it lies outside the series`);
    }
    const result = segmentLesion(place.slice.image, place);
    if (result.kind === 'none') return { code: EXIT.nothingFound, stdout: '', stderr: `${NO_PROPOSAL_TEXT[result.reason]}\n` };
    const ends = (chord: { from: { column: number; row: number }; to: { column: number; row: number } }): [Point3, Point3] => [
      toPatientMm(place.slice, chord.from.column, chord.from.row),
      toPatientMm(place.slice, chord.to.column, chord.to.row),
    ];
    const volume = segmentVolume(slices.map((slice) => slice.image), sliceSpacingMm(slices, place.index), place.index, place);
    const output: MeasureOutput = {
      sopInstanceUID: place.slice.sopInstanceUID,
      file: place.slice.file,
      longAxisMm: result.whole.long.lengthMm,
      shortAxisMm: result.whole.short.lengthMm,
      longAxisEndpointsMm: ends(result.whole.long),
      shortAxisEndpointsMm: ends(result.whole.short),
      enhancingLongAxisMm: result.viable?.long.lengthMm ?? null,
      enhancingShortAxisMm: result.viable?.short.lengthMm ?? null,
      enhancingLongAxisEndpointsMm: result.viable ? ends(result.viable.long) : null,
      enhancingShortAxisEndpointsMm: result.viable ? ends(result.viable.short) : null,
      enhancingThreshold: result.enhancingThreshold,
      backgroundLevel: result.backgroundLevel,
      volumeMl: volume?.volumeMl ?? null,
      enhancingVolumeMl: volume?.enhancingVolumeMl ?? null,
      touchesImageEdge: result.touchesImageEdge,
    };
    return { code: EXIT.proposal, stdout: `${JSON.stringify(output, null, 2)}\n`, stderr: '' };
  } catch (error) {
    if (error instanceof MeasureInputError) return { code: EXIT.badInput, stdout: '', stderr: `${error.message}\n` };
    throw error;
  }
}

if (process.argv[1] && import.meta.url === new URL(process.argv[1], 'file://').href) {
  const { code, stdout, stderr } = measure(process.argv.slice(2));
  process.stdout.write(stdout);
  process.stderr.write(stderr);
  process.exitCode = code;
}
