// The decode floor of `npm run bench:viewer`: a separate tiny build, never part of the app's bundle.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { productionHeaders } from '../vite/securityHeaders';

export default defineConfig({
  root: fileURLToPath(new URL('./floor', import.meta.url)),
  publicDir: false,
  logLevel: 'warn',
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    outDir: fileURLToPath(new URL('../../.tmp/bench/floor-dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
  },
  // The same headers as the app's production server (its CSP allows wasm, workers from 'self').
  preview: { host: '127.0.0.1', strictPort: true, headers: productionHeaders },
});
