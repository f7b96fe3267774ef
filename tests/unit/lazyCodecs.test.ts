import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DECODE_MODULE, LAZY_DECODERS, withLazyDecoders } from '../../scripts/vite/lazyCodecs';

// The decode workers compile a codec when its first frame is decoded, not when they start.
const path = new URL('../../node_modules/@cornerstonejs/dicom-image-loader/dist/esm/decodeImageFrameWorker.js', import.meta.url).pathname;
const installed = readFileSync(path, 'utf8');
const staticImports = (code: string) => [...code.matchAll(/^import (\w+) from '\.\/shared\/decoders\/([\w-]+)\.js';$/gm)].map((match) => match[2]);

describe("the image loader's decode module, as the workers are built with it", () => {
  it('is the module the plugin transforms', () => {
    expect(DECODE_MODULE.test(path)).toBe(true);
    expect(DECODE_MODULE.test(path.replace('decodeImageFrameWorker.js', 'index.js'))).toBe(false);
  });

  it('imports the codecs on first use and keeps the uncompressed and RLE decoders static', () => {
    expect(staticImports(installed)).toEqual(expect.arrayContaining([...LAZY_DECODERS]));
    const lazy = withLazyDecoders(installed);
    expect(staticImports(lazy).sort()).toEqual(['decodeBigEndian', 'decodeEncapsulatedUncompressed', 'decodeLittleEndian', 'decodeRLE']);
    for (const decoder of LAZY_DECODERS) expect(lazy).toContain(`import('./shared/decoders/${decoder}.js').then((module) => module.default(...args))`);
  });

  it('calls the codec with the arguments it is given, and answers what the codec answers', async () => {
    const code = withLazyDecoders(installed).match(/^const decodeJPEGLS = .*$/m)![0].replace('./shared/decoders/decodeJPEGLS.js', 'data:text/javascript,export default (...args) => args.join("+")');
    const module = (await import(`data:text/javascript,${encodeURIComponent(`${code}\nexport default decodeJPEGLS;`)}`)) as { default: (...args: unknown[]) => Promise<string> };
    expect(await module.default('frame', 'options')).toBe('frame+options');
  });

  it('refuses to build against a loader that imports a codec another way, rather than leave it eager', () => {
    expect(() => withLazyDecoders(installed.replace("import decodeJPEGLS from './shared/decoders/decodeJPEGLS.js';", "import { decodeJPEGLS } from './shared/decoders/index.js';"))).toThrow(
      /no longer imports decodeJPEGLS as expected/,
    );
  });
});
