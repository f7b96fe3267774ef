import type { Plugin } from 'vite';

/**
 * Cornerstone's packages import parts that Nadir never runs on the page, and they made up a third of
 * the viewer's chunk (2.37 MB): parsed and evaluated before the first image of every opening, cold or
 * warm (issue 13). Each is replaced only where the named module imports it:
 * - vtk.js's rendering profiles register both its backends, OpenGL and WebGPU. Cornerstone renders
 *   through OpenGL (its RenderingEngine creates vtkOpenGLRenderWindows) or its own CPU renderer: the
 *   OpenGL half of each profile is kept;
 * - vtk.js's surface mesh readers (PLY, STL, OBJ/MTL, VTK XML: xmlbuilder2, js-yaml and a DOM of their
 *   own) load 3D meshes into Cornerstone's geometry cache. Nadir never loads a mesh;
 * - the image loader's package index re-exports its decoders and every codec for use on the page.
 *   Nadir decodes in workers only (the slice decoders, the loader's own worker), which import them
 *   from their own modules, untouched by this.
 * A replaced part that is ever called says so by name rather than doing nothing.
 */
interface Rule {
  /** the importing module, as a path pattern */
  importer: RegExp;
  /** the import as written in it */
  source: RegExp;
  /** another module in its place (resolved from the importer), or a module's code */
  replacement: (match: RegExpExecArray) => { redirect: string } | { code: string };
}

const inPackage = (name: string, dir: string) => new RegExp(`[\\\\/]node_modules[\\\\/]${name.replace('/', '[\\\\/]')}[\\\\/]${dir}`);
const leftOut = (what: string) => `throw new Error(${JSON.stringify(`${what} is left out of Nadir's build (scripts/vite/unusedViewerParts.ts)`)})`;

export const RULES: readonly Rule[] = [
  {
    importer: inPackage('@cornerstonejs/core', 'dist[\\\\/]'),
    source: /^@kitware\/vtk\.js\/Rendering\/Profiles\/(Geometry|Volume)\.js$/,
    replacement: (match) => ({ redirect: `@kitware/vtk.js/Rendering/OpenGL/Profiles/${match[1]}.js` }),
  },
  {
    importer: inPackage('@cornerstonejs/core', 'dist[\\\\/]'),
    source: /^@kitware\/vtk\.js\/IO\/(Geometry\/PLYReader|Geometry\/STLReader|XML\/XMLPolyDataReader|Misc\/OBJReader|Misc\/MTLReader)\.js$/,
    // vtk.js's reader shape: newInstance()
    replacement: (match) => ({ code: `export default { newInstance() { ${leftOut(`vtk.js's ${match[1]} (Nadir loads no 3D mesh)`)}; } };` }),
  },
  {
    importer: inPackage('@cornerstonejs/dicom-image-loader', 'dist[\\\\/]esm[\\\\/]index\\.js$'),
    source: /^\.\/(decodeImageFrameWorker|shared\/decoders\/index)\.js$/,
    replacement: () => ({
      code: [
        `const onPage = () => { ${leftOut('Decoding on the page (Nadir decodes in workers)')}; };`,
        'export const decodeImageFrame = onPage;',
        'export const postProcessDecodedPixels = onPage;',
        'export const initializers = Object.freeze({});',
        'export const decoders = Object.freeze({});',
      ].join('\n'),
    }),
  },
];

const VIRTUAL = '\0nadir:left-out:';

/** Which rule replaces `source` imported by `importer`, and how; null to resolve it as usual. */
export function replacementOf(source: string, importer: string | undefined): ReturnType<Rule['replacement']> | null {
  if (importer === undefined) return null;
  for (const rule of RULES) {
    const match = rule.source.exec(source);
    if (match && rule.importer.test(importer)) return rule.replacement(match);
  }
  return null;
}

export function unusedViewerParts(): Plugin {
  const code = new Map<string, string>();
  return {
    name: 'nadir:unused-viewer-parts',
    enforce: 'pre',
    resolveId: {
      filter: { id: /^(@kitware\/vtk\.js\/(Rendering\/Profiles|IO)\/|\.\/(decodeImageFrameWorker|shared\/decoders\/index)\.js$)/ },
      async handler(source, importer, options) {
        const replacement = replacementOf(source, importer);
        if (replacement === null) return null;
        if ('redirect' in replacement) return this.resolve(replacement.redirect, importer, { ...options, skipSelf: true });
        const id = `${VIRTUAL}${source}`;
        code.set(id, replacement.code);
        return id;
      },
    },
    load: {
      filter: { id: /^\0nadir:left-out:/ },
      handler: (id) => code.get(id) ?? null,
    },
  };
}
