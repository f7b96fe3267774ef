import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { runtimeConfig } from './scripts/vite/runtimeConfig.js';
import { sampleStudies } from './scripts/vite/sampleStudies.js';
import { unusedNodeBuiltins } from './scripts/vite/unusedNodeBuiltins.js';
import { unusedViewerParts } from './scripts/vite/unusedViewerParts.js';
import { lazyCodecs } from './scripts/vite/lazyCodecs.js';

const projectRoot = fileURLToPath(new URL('.', import.meta.url));
const sampleRoot = fileURLToPath(new URL('./sample-data', import.meta.url));

// DICOMweb goes through this origin to the local Orthanc (`npm run pacs`): no CORS setup needed.
const dicomWebProxy = {
  '/dicom-web': { target: `http://127.0.0.1:${process.env.NADIR_ORTHANC_PORT || 8042}`, changeOrigin: true },
};

export default defineConfig({
  plugins: [react(), sampleStudies(sampleRoot), runtimeConfig(projectRoot), unusedNodeBuiltins(), unusedViewerParts()],
  publicDir: false,
  // Workers are bundled apart, with their own plugins: the image decoders' worker pulls in the codecs, each when first needed.
  worker: { format: 'es', plugins: () => [unusedNodeBuiltins(), lazyCodecs()], rolldownOptions: { checks: { bundlerTimings: false } } },
  optimizeDeps: {
    // The image loader starts its decode workers with new URL(..., import.meta.url): keep it unbundled.
    exclude: ['@cornerstonejs/dicom-image-loader'],
    // CommonJS/UMD codecs must be pre-bundled; the two metadata packages must be too, or a second
    // metadata registry appears and the viewport finds no imagePlaneModule.
    include: [
      '@cornerstonejs/codec-charls/decodewasmjs',
      '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs',
      '@cornerstonejs/codec-openjpeg/decodewasmjs',
      '@cornerstonejs/codec-openjph/wasmjs',
      '@cornerstonejs/codec-libjxl/decodewasmjs',
      '@cornerstonejs/metadata',
      '@cornerstonejs/utils',
      'dicom-parser',
    ],
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      // Rolldown's timing hint names whichever plugin was slow on a busy machine (here Vite's own
      // asset-import-meta-url): it comes and goes with the load and there is nothing to fix on our side.
      checks: { bundlerTimings: false },
    },
  },
  // The production headers, the Content-Security-Policy written from nadir.config.json among them, come from runtimeConfig().
  preview: { host: '127.0.0.1', port: 5173, strictPort: true, proxy: dicomWebProxy },
  server: { host: '127.0.0.1', port: 5173, proxy: dicomWebProxy },
});
