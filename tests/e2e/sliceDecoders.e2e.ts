import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowser, type BrowserSession } from './browser';
import { corpusDir } from './corpus';
import { toClient } from './phantom';
import { dicomParser } from '../../src/dicom/dicomParserInterop';

/**
 * The slice decoders (src/viewer/sliceDecode) against an independent decoding: one CT slice of
 * HCC_048, stored in every lossless transfer syntax, must show under the cursor exactly the HU that
 * dicom-parser reads here from the uncompressed copy (stored value × slope + intercept), at pixels
 * from the air outside the body to the spine.
 */
const dir = `${corpusDir}syntaxes/ct_abdomen_from_HCC048/`;
const REFERENCE = 'ct_explicit-le_1.2.840.10008.1.2.1.dcm';
const LOSSLESS = [
  REFERENCE,
  'ct_implicit-le_1.2.840.10008.1.2.dcm',
  'ct_explicit-be_1.2.840.10008.1.2.2.dcm',
  'ct_rle_1.2.840.10008.1.2.5.dcm',
  'ct_jpegls-lossless_1.2.840.10008.1.2.4.80.dcm',
  'ct_j2k-lossless_1.2.840.10008.1.2.4.90.dcm',
  'ct_jpeg-lossless-sv1_1.2.840.10008.1.2.4.70.dcm',
  'ct_jpeg-lossless-p14_1.2.840.10008.1.2.4.57.dcm',
];
/** Pixels (row, column) where the HU is read: the body's middle, off-centre tissue, and the corner's air. */
const PIXELS: [number, number][] = [
  [256, 256],
  [300, 180],
  [200, 330],
  [10, 10],
];

type Point3 = [number, number, number];

/** The reference slice read here: each pixel's patient position and HU. */
function referenceSlice(): { worldOf(row: number, column: number): Point3; huAt(row: number, column: number): number } {
  const bytes = new Uint8Array(readFileSync(`${dir}${REFERENCE}`));
  const dataSet = dicomParser.parseDicom(bytes);
  const numbers = (tag: string, count: number) => Array.from({ length: count }, (_, index) => dataSet.floatString(tag, index) ?? NaN);
  const [x, y, z] = numbers('x00200032', 3) as Point3;
  const orientation = numbers('x00200037', 6);
  const [rowSpacing, columnSpacing] = numbers('x00280030', 2) as [number, number];
  const columns = dataSet.uint16('x00280011')!;
  const slope = dataSet.floatString('x00281053') ?? 1;
  const intercept = dataSet.floatString('x00281052') ?? 0;
  const pixelData = dataSet.elements.x7fe00010!;
  const signed = dataSet.uint16('x00280103') === 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset + pixelData.dataOffset, pixelData.length);
  return {
    // DICOM: the first direction cosine runs along a row (column index), the second down a column (row index)
    worldOf: (row, column) => [
      x + orientation[0]! * column * columnSpacing + orientation[3]! * row * rowSpacing,
      y + orientation[1]! * column * columnSpacing + orientation[4]! * row * rowSpacing,
      z + orientation[2]! * column * columnSpacing + orientation[5]! * row * rowSpacing,
    ],
    huAt: (row, column) => {
      const offset = 2 * (row * columns + column);
      return (signed ? view.getInt16(offset, true) : view.getUint16(offset, true)) * slope + intercept;
    },
  };
}

describe('a slice decoder shows the values stored in the file, in every lossless transfer syntax', () => {
  let session: BrowserSession;
  const page = () => session.page;
  const reference = referenceSlice();
  const expected = PIXELS.map(([row, column]) => reference.huAt(row, column));

  beforeAll(async () => {
    session = await openBrowser();
    await page().goto(inject('baseUrl'));
  });

  afterAll(async () => {
    await session?.close();
  });

  async function huUnderCursor(file: string): Promise<number[]> {
    if (await page().locator('[data-testid="close-all"]').count()) {
      await page().locator('[data-testid="close-all"]').click();
      // the previous study's viewport must be gone, or its render count answers for the next one
      await page().locator('[data-testid="viewport-baseline"]').waitFor({ state: 'detached' });
    }
    await page().locator('[data-testid="open-files"]').setInputFiles(`${dir}${file}`);
    // drawn: the CPU renderer has a zoom only once its first image is drawn
    await page().locator('[data-testid="viewport-baseline"][data-render-count][data-zoom]:not([data-zoom=""])').waitFor({ timeout: 30_000 });
    const readout = page().locator('[data-testid="hu-readout-baseline"]');
    const values: number[] = [];
    for (const [row, column] of PIXELS) {
      const [clientX, clientY] = await toClient(page(), 'baseline', reference.worldOf(row, column));
      await page().mouse.move(clientX, clientY);
      await readout.waitFor();
      values.push(Number(await readout.getAttribute('data-hu')));
      await page().mouse.move(0, 0);
      await readout.waitFor({ state: 'detached' });
    }
    return values;
  }

  it('the reference pixels span air to bone', () => {
    expect(Math.min(...expected)).toBeLessThan(-900);
    expect(new Set(expected).size).toBe(PIXELS.length);
  });

  it.each(LOSSLESS)('%s', async (file) => {
    expect(await huUnderCursor(file)).toEqual(expected);
    expect(session.pageErrors).toEqual([]);
  });
});
