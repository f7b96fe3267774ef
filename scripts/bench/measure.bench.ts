/**
 * Click-to-measure benchmark: `npm run bench:measure` (issue 14's targets).
 * Accuracy: every lesion of the phantom at every CT timepoint, clicked at its ground-truth centre on the
 * arterial series (where the viable part is measured): long and short axis within 1.0 mm, viable axes
 * within 1.5 mm, whole and enhancing volume within 5 % of the ellipsoid's analytic volume.
 * Speed: click to proposal on a 512 × 512 slice, p95 over 20 clicks per lesion; volume per lesion.
 * Prints a table and the verdict against each target; numbers only, like the other benches (no exit code).
 */
import { readFileSync } from 'node:fs';
import { segmentLesion } from '../../workers/measure/segment';
import { segmentVolume } from '../../workers/measure/volume';
import { locate, readSeries } from '../measure/series';

const ROOT = new URL('../../sample-data/phantom-net-01/', import.meta.url).pathname;
const STUDIES = ['01-baseline-ct', '02-fu1-ct', '03-fu2-ct'];
const CLICKS = 20;
const TARGET = { axisMm: 1.0, viableAxisMm: 1.5, volumePct: 5, proposalP95Ms: 150 };

interface LesionTruth {
  id: string;
  centreMm: [number, number, number];
  longAxisMm: number;
  shortAxisMm: number;
  enhancingLongAxisMm: number;
  enhancingShortAxisMm: number;
  volumeMl: number;
  enhancingVolumeMl: number;
}

const percentile = (values: readonly number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!;
const f = (value: number, digits = 2) => value.toFixed(digits).padStart(7);

const rows: string[] = [];
const misses: string[] = [];
const proposalMs: number[] = [];
const volumeMs: number[] = [];
for (const study of STUDIES) {
  const truth = JSON.parse(readFileSync(`${ROOT}${study}/ground-truth.json`, 'utf8')) as { series: { folder: string; phase: string; sliceSpacingMm: number }[]; lesions: LesionTruth[] };
  const series = truth.series.find((candidate) => candidate.phase === 'arterial')!;
  const slices = readSeries(`${ROOT}${study}/${series.folder}`);
  for (const lesion of truth.lesions) {
    const place = locate(slices, lesion.centreMm);
    let result = segmentLesion(place.slice.image, place);
    for (let click = 0; click < CLICKS; click++) {
      const started = performance.now();
      result = segmentLesion(place.slice.image, place);
      proposalMs.push(performance.now() - started);
    }
    const started = performance.now();
    const volume = segmentVolume(slices.map((slice) => slice.image), series.sliceSpacingMm, place.index, place);
    volumeMs.push(performance.now() - started);
    if (result.kind !== 'proposal' || !volume) {
      misses.push(`${study} ${lesion.id}: no proposal`);
      rows.push(`${study.padEnd(15)} ${lesion.id.padEnd(4)} no proposal`);
      continue;
    }
    const errors = {
      long: result.whole.long.lengthMm - lesion.longAxisMm,
      short: result.whole.short.lengthMm - lesion.shortAxisMm,
      viableLong: (result.viable?.long.lengthMm ?? 0) - lesion.enhancingLongAxisMm,
      viableShort: (result.viable?.short.lengthMm ?? 0) - lesion.enhancingShortAxisMm,
      volumePct: ((volume.volumeMl - lesion.volumeMl) / lesion.volumeMl) * 100,
      enhancingVolumePct: ((volume.enhancingVolumeMl - lesion.enhancingVolumeMl) / lesion.enhancingVolumeMl) * 100,
    };
    const checks: [string, number, number][] = [
      ['long axis', errors.long, TARGET.axisMm],
      ['short axis', errors.short, TARGET.axisMm],
      ['viable long axis', errors.viableLong, TARGET.viableAxisMm],
      ['viable short axis', errors.viableShort, TARGET.viableAxisMm],
      ['volume %', errors.volumePct, TARGET.volumePct],
      ['enhancing volume %', errors.enhancingVolumePct, TARGET.volumePct],
    ];
    for (const [name, error, limit] of checks) if (Math.abs(error) > limit) misses.push(`${study} ${lesion.id} ${name}: ${error.toFixed(2)} (limit ±${limit})`);
    rows.push(`${study.padEnd(15)} ${lesion.id.padEnd(4)}${f(lesion.longAxisMm, 1)}${f(errors.long)}${f(lesion.shortAxisMm, 1)}${f(errors.short)}${f(lesion.enhancingLongAxisMm, 1)}${f(errors.viableLong)}${f(lesion.enhancingShortAxisMm, 1)}${f(errors.viableShort)}${f(lesion.volumeMl, 3)}${f(errors.volumePct, 1)}${f(lesion.enhancingVolumeMl, 3)}${f(errors.enhancingVolumePct, 1)}`);
  }
}

console.log('click-to-measure on the phantom, arterial series, click at the ground-truth centre (errors: measured − truth)');
console.log(`${'study'.padEnd(15)} ${'id'.padEnd(4)}${'long'.padStart(7)}${'Δ mm'.padStart(7)}${'short'.padStart(7)}${'Δ mm'.padStart(7)}${'v long'.padStart(7)}${'Δ mm'.padStart(7)}${'v short'.padStart(7)}${'Δ mm'.padStart(7)}${'mL'.padStart(7)}${'Δ %'.padStart(7)}${'v mL'.padStart(7)}${'Δ %'.padStart(7)}`);
for (const row of rows) console.log(row);
const p95 = percentile(proposalMs, 95);
console.log(`click to proposal: median ${percentile(proposalMs, 50).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms (target ≤ ${TARGET.proposalP95Ms} ms) over ${proposalMs.length} clicks`);
console.log(`volume (3-D, 5 mm slices): median ${percentile(volumeMs, 50).toFixed(0)} ms, max ${Math.max(...volumeMs).toFixed(0)} ms per lesion`);
if (p95 > TARGET.proposalP95Ms) misses.push(`click to proposal p95 ${p95.toFixed(0)} ms > ${TARGET.proposalP95Ms} ms`);
console.log(misses.length ? `targets missed:\n  ${misses.join('\n  ')}` : 'every accuracy and speed target met');
