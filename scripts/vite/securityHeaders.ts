import { dicomWebOrigin, type RuntimeConfig } from '../../src/datasources/runtimeConfig.js';

/**
 * Headers of the production server. The Content-Security-Policy allows nothing inline and nothing
 * from another origin: DICOM text is untrusted, so even a rendering bug must not run a script.
 * WebAssembly codecs need 'wasm-unsafe-eval' (compiling wasm), which does not allow eval of script.
 * The one exception is the DICOMweb server a deployment's nadir.config.json names on another
 * origin: connect-src names exactly that origin, and nothing else is widened.
 */
export function contentSecurityPolicyFor(config: RuntimeConfig | null): string {
  const origin = config ? dicomWebOrigin(config) : null;
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    origin ? `connect-src 'self' ${origin}` : "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The policy without a configuration file: this origin only. */
export const contentSecurityPolicy = contentSecurityPolicyFor(null);

/** The headers other than the policy, the same for every configuration. */
export const fixedProductionHeaders: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export function productionHeadersFor(config: RuntimeConfig | null): Record<string, string> {
  return { 'Content-Security-Policy': contentSecurityPolicyFor(config), ...fixedProductionHeaders };
}

export const productionHeaders: Record<string, string> = productionHeadersFor(null);
