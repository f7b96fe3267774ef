import type { Plugin } from 'vite';

/**
 * The image loader's decode module (decodeImageFrameWorker.js, which the slice decoders import too)
 * imports every codec statically: the Emscripten glue of CharLS, OpenJPEG, OpenJPH, libjpeg-turbo and
 * libjxl, and the JavaScript JPEG and deflate decoders. Each decode worker compiled all of them when it
 * started, before its first slice, whichever one transfer syntax the study uses: some 250 KB of script
 * per worker, three workers, on a 2-core machine whose cores the page needs for its first image
 * (issue 13). V8 keeps no code cache for worker scripts, so a warm visit paid it again.
 *
 * Here each of those codecs is imported when its first frame is decoded. decodeImageFrame awaits
 * whatever a decoder returns, so a decoder that becomes asynchronous is called as before. The small
 * decoders of uncompressed and RLE data stay static.
 */
export const LAZY_DECODERS: readonly string[] = [
  'decodeDeflatedFrame',
  'decodeJPEGBaseline8Bit',
  'decodeJPEGBaseline12Bit-js',
  'decodeJPEGLossless',
  'decodeJPEGLS',
  'decodeJPEG2000',
  'decodeHTJ2K',
  'decodeJPEGXL',
];

export const DECODE_MODULE = /[\\/]node_modules[\\/]@cornerstonejs[\\/]dicom-image-loader[\\/]dist[\\/]esm[\\/]decodeImageFrameWorker\.js$/;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

/**
 * The decode module's code with each lazy decoder's static import made a function that imports it on
 * first call. Throws if a decoder's import is not found as expected: a new loader version must be
 * looked at, not silently left eager.
 */
export function withLazyDecoders(code: string): string {
  let out = code;
  for (const decoder of LAZY_DECODERS) {
    const pattern = new RegExp(`^import (\\w+) from '(\\./shared/decoders/${escape(decoder)}\\.js)';$`, 'm');
    const match = pattern.exec(out);
    if (!match) throw new Error(`lazyCodecs: the image loader's decode module no longer imports ${decoder} as expected; see scripts/vite/lazyCodecs.ts`);
    const [statement, name, path] = match;
    out = out.replace(statement, `const ${name} = (...args) => import('${path}').then((module) => module.default(...args));`);
  }
  return out;
}

export function lazyCodecs(): Plugin {
  return {
    name: 'nadir:lazy-codecs',
    transform: {
      filter: { id: DECODE_MODULE },
      handler: (code) => ({ code: withLazyDecoders(code), map: null }),
    },
  };
}
