import { describe, expect, it } from 'vitest';
import { isUnusedNodeBuiltin } from '../../scripts/vite/unusedNodeBuiltins';

// The build replaces a Node built-in with an empty module only for the dependencies known to need it
// under Node alone; anything else must keep Vite's warning.
const ROOT = '/work/nadir/node_modules';
describe('isUnusedNodeBuiltin', () => {
  it.each([
    ['fs', `${ROOT}/@cornerstonejs/codec-openjpeg/dist/openjpegwasm_decode.js`, true],
    ['path', `${ROOT}/@cornerstonejs/codec-charls/dist/charlswasm_decode.js`, true],
    ['url', `${ROOT}/@oozcitak/url/lib/URLAlgorithm.js`, true],
    ['fs', 'C:\\nadir\\node_modules\\@cornerstonejs\\codec-openjph\\dist\\openjphjs.js', true],
    ['crypto', `${ROOT}/@cornerstonejs/codec-openjpeg/dist/openjpegwasm_decode.js`, false],
    ['fs', '/work/nadir/src/dicom/readFile.ts', false],
    ['fs', `${ROOT}/@cornerstonejs/core/dist/esm/index.js`, false],
    ['url', `${ROOT}/@oozcitak/dom/lib/index.js`, false],
    ['fs', undefined, false],
  ])('%s from %s → %s', (source, importer, expected) => {
    expect(isUnusedNodeBuiltin(source, importer)).toBe(expected);
  });
});
