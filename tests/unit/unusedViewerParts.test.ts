import { describe, expect, it } from 'vitest';
import { replacementOf } from '../../scripts/vite/unusedViewerParts';

// Parts of Cornerstone's dependencies that Nadir never runs are left out of the page's bundle, and
// only where the named module imports them: anything else resolves as usual.
const ROOT = '/work/nadir/node_modules';
const CORE_MESH = `${ROOT}/@cornerstonejs/core/dist/esm/cache/classes/Mesh.js`;
const CORE_LOADER = `${ROOT}/@cornerstonejs/core/dist/esm/loaders/geometryLoader.js`;
const LOADER_INDEX = `${ROOT}/@cornerstonejs/dicom-image-loader/dist/esm/index.js`;

describe('replacementOf', () => {
  it.each([
    ['@kitware/vtk.js/Rendering/Profiles/Geometry.js', CORE_LOADER, { redirect: '@kitware/vtk.js/Rendering/OpenGL/Profiles/Geometry.js' }],
    ['@kitware/vtk.js/Rendering/Profiles/Volume.js', 'C:\\nadir\\node_modules\\@cornerstonejs\\core\\dist\\esm\\x.js', { redirect: '@kitware/vtk.js/Rendering/OpenGL/Profiles/Volume.js' }],
  ])('%s from %s keeps only the OpenGL profile', (source, importer, expected) => {
    expect(replacementOf(source, importer)).toEqual(expected);
  });

  it.each(['IO/XML/XMLPolyDataReader', 'IO/Geometry/PLYReader', 'IO/Geometry/STLReader', 'IO/Misc/OBJReader', 'IO/Misc/MTLReader'])(
    'a mesh reader (%s) imported by Cornerstone says it is left out when asked for a reader',
    async (reader) => {
      const replacement = replacementOf(`@kitware/vtk.js/${reader}.js`, CORE_MESH);
      expect(replacement).toHaveProperty('code');
      const module = (await import(`data:text/javascript,${encodeURIComponent((replacement as { code: string }).code)}`)) as { default: { newInstance(): unknown } };
      expect(() => module.default.newInstance()).toThrow(/left out of Nadir's build/);
    },
  );

  it("the image loader's index gets decoders that refuse to run on the page", async () => {
    for (const source of ['./decodeImageFrameWorker.js', './shared/decoders/index.js']) {
      const replacement = replacementOf(source, LOADER_INDEX) as { code: string };
      const module = (await import(`data:text/javascript,${encodeURIComponent(replacement.code)}`)) as Record<string, unknown>;
      expect(() => (module.decodeImageFrame as () => unknown)()).toThrow(/Nadir decodes in workers/);
      expect(Object.keys(module.decoders as object)).toEqual([]);
    }
  });

  it.each([
    // the loader's own worker and Nadir's slice decoders import the decoders themselves: untouched
    ['./decodeImageFrameWorker.js', `${ROOT}/@cornerstonejs/dicom-image-loader/dist/esm/init.js`],
    ['../../../node_modules/@cornerstonejs/dicom-image-loader/dist/esm/decodeImageFrameWorker.js', '/work/nadir/src/viewer/sliceDecode/sliceDecode.worker.ts'],
    // vtk.js's own modules, and ours, resolve as usual
    ['@kitware/vtk.js/Rendering/Profiles/Geometry.js', `${ROOT}/@kitware/vtk.js/index.js`],
    ['@kitware/vtk.js/IO/XML/XMLPolyDataReader.js', '/work/nadir/src/viewer/x.ts'],
    ['@kitware/vtk.js/Rendering/OpenGL/Profiles/Geometry.js', CORE_LOADER],
    ['@kitware/vtk.js/IO/Geometry/PLYReader.js', undefined],
  ])('%s from %s resolves as usual', (source, importer) => {
    expect(replacementOf(source, importer)).toBeNull();
  });
});
