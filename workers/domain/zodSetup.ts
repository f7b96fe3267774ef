import { z } from 'zod';

// zod probes `new Function` to compile fast validators. Under the app's Content-Security-Policy
// (no unsafe-eval) that probe is reported as a violation, so Nadir uses the interpreted validators
// everywhere; the engine validates well-formed input on its own fast path anyway.
z.config({ jitless: true });

export { z };
