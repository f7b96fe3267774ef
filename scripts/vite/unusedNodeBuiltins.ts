import type { Plugin } from 'vite';

/**
 * Some dependencies `require` Node built-ins on code paths that only run under Node:
 * - the Emscripten loaders of the Cornerstone image codecs (`@cornerstonejs/codec-*`) read their .wasm with
 *   `fs`/`path` only when `ENVIRONMENT_IS_NODE`; in the browser they fetch it;
 * - `@oozcitak/url` (vtk.js → xmlbuilder2) calls `url.domainToASCII` only when parsing a URL host, which
 *   Nadir never asks of vtk.js's XML writer.
 * Vite would substitute an empty "browser external" module for each and print one warning per import on
 * every build. This plugin substitutes the same empty module, silently, for exactly these importers and
 * built-ins, so that a Node built-in pulled in by anything else (our own code included) still warns.
 */
const EMPTY_MODULE_ID = '\0nadir:unused-node-builtin';
const BUILTINS: ReadonlySet<string> = new Set(['fs', 'path', 'url']);
const IMPORTERS: readonly RegExp[] = [
  /[\\/]node_modules[\\/]@cornerstonejs[\\/]codec-[^\\/]+[\\/]dist[\\/]/,
  /[\\/]node_modules[\\/]@oozcitak[\\/]url[\\/]lib[\\/]/,
];

export function isUnusedNodeBuiltin(source: string, importer: string | undefined): boolean {
  return importer !== undefined && BUILTINS.has(source) && IMPORTERS.some((pattern) => pattern.test(importer));
}

export function unusedNodeBuiltins(): Plugin {
  return {
    name: 'nadir:unused-node-builtins',
    // before vite:resolve, which is where the "externalized for browser compatibility" warning comes from
    enforce: 'pre',
    // hook filters: rolldown calls back into JavaScript only for these ids, not for every module
    resolveId: {
      filter: { id: /^(fs|path|url)$/ },
      handler: (source, importer) => (isUnusedNodeBuiltin(source, importer) ? EMPTY_MODULE_ID : null),
    },
    load: {
      filter: { id: /^\0nadir:unused-node-builtin$/ },
      handler: (id) => (id === EMPTY_MODULE_ID ? 'export default {};' : null),
    },
  };
}
