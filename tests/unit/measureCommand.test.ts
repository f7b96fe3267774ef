import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXIT, measure, type MeasureOutput } from '../../scripts/measure/measure';

/** `npm run measure`: the click-to-measure algorithm on a series folder, at a point in patient mm. */
const phantom = new URL('../../sample-data/phantom-net-01/', import.meta.url).pathname;
const fu1 = `${phantom}02-fu1-ct/`;
const truth = existsSync(`${fu1}ground-truth.json`) ? JSON.parse(readFileSync(`${fu1}ground-truth.json`, 'utf8')) : null;
const arterial = `${fu1}series-002-ct-arterial`;

describe.runIf(truth)('npm run measure on the phantom (run `npm run sample-data` first)', () => {
  it('measures L1 at FU1 from its centre: the axes, the viable nodule, the instance measured on, and the volumes', () => {
    const l1 = truth.lesions.find((lesion: { id: string }) => lesion.id === 'L1');
    const run = measure([arterial, '--at', l1.centreMm.join(',')]);
    expect(run.code).toBe(EXIT.proposal);
    const output = JSON.parse(run.stdout) as MeasureOutput;
    expect(Math.abs(output.longAxisMm - l1.longAxisMm)).toBeLessThan(1);
    expect(Math.abs(output.shortAxisMm - l1.shortAxisMm)).toBeLessThan(1);
    expect(Math.abs(output.enhancingLongAxisMm! - l1.enhancingLongAxisMm)).toBeLessThan(1.5);
    expect(Math.abs(output.enhancingShortAxisMm! - l1.enhancingShortAxisMm)).toBeLessThan(1.5);
    const arterialSlice = l1.largestSlice.find((slice: { seriesDescription: string }) => slice.seriesDescription === 'PHANTOM CT ARTERIAL');
    expect(output.sopInstanceUID).toBe(arterialSlice.sopInstanceUID);
    // The end points are in patient coordinates, on the lesion's slice, as far apart as the axis is long.
    const [a, b] = output.longAxisEndpointsMm;
    expect(a[2]).toBeCloseTo(l1.centreMm[2], 6);
    expect(Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2])).toBeCloseTo(output.longAxisMm, 6);
    expect(Math.abs(output.volumeMl! - l1.volumeMl) / l1.volumeMl).toBeLessThan(0.05);
    expect(Math.abs(output.enhancingVolumeMl! - l1.enhancingVolumeMl) / l1.enhancingVolumeMl).toBeLessThan(0.05);
  });

  it('finds nothing in plain liver: exit code 3 and a sentence saying so', () => {
    const l1 = truth.lesions.find((lesion: { id: string }) => lesion.id === 'L1');
    // 45 mm towards the front of L1 is liver parenchyma.
    const run = measure([arterial, '--at', [l1.centreMm[0] + 10, l1.centreMm[1] - 45, l1.centreMm[2]].join(',')]);
    expect(run).toMatchObject({ code: EXIT.nothingFound, stdout: '' });
    expect(run.stderr).toMatch(/no lesion is proposed|no boundary/);
  });
});

describe('npm run measure refuses bad input by name, with exit code 2', () => {
  it.each([
    { name: 'no --at', argv: ['some-folder'], message: /usage: npm run measure/ },
    { name: 'a point of two numbers', argv: ['some-folder', '--at', '1,2'], message: /--at takes three numbers in mm/ },
    { name: 'a point that is not numbers', argv: ['some-folder', '--at', '1,x,3'], message: /got "1,x,3"/ },
    { name: 'a folder that does not exist', argv: ['/nonexistent/series', '--at', '1,2,3'], message: /not a folder that can be read/ },
    { name: 'a folder with no DICOM', argv: [new URL('../../docs/', import.meta.url).pathname, '--at', '1,2,3'], message: /holds no DICOM image|not a readable DICOM file/ },
  ])('$name', ({ argv, message }) => {
    const run = measure(argv);
    expect(run.code).toBe(EXIT.badInput);
    expect(run.stderr).toMatch(message);
  });

  it.runIf(truth)('a point outside the series (beyond its last slice)', () => {
    const run = measure([arterial, '--at', '0,0,5000']);
    expect(run.code).toBe(EXIT.badInput);
    expect(run.stderr).toMatch(/outside the series/);
  });
});

describe('npm run measure reads RLE Lossless: the real HCC_048 CT', () => {
  const hcc = new URL('../../sample-data/hcc048-baseline-ct/', import.meta.url).pathname;
  it('decodes the series and answers for a point in it (a proposal or nothing found, never a crash)', () => {
    const run = measure([hcc, '--at', '0,0,0']);
    expect([EXIT.proposal, EXIT.nothingFound, EXIT.badInput]).toContain(run.code);
    if (run.code === EXIT.badInput) expect(run.stderr).toMatch(/outside the series/);
  });
});
