import '@vitest/web-worker';
import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import type { EngineApi } from './engine';
import { patient, target } from './testing/builders';

describe('engine worker (comlink round trip)', () => {
  it('assesses a patient through a real worker and returns plain data', async () => {
    const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
    const api = Comlink.wrap<EngineApi>(worker);
    try {
      const reply = await api.assessPatient(patient([[0, [target('L1', 92.0)]], [56, [target('L1', 64.4)]]], { criteria: ['RECIST1.1'] }));
      expect(reply.ok).toBe(true);
      if (reply.ok) expect(reply.output.criteria['RECIST1.1']?.timepoints[0]?.targetResponse).toBe('PR');
      const invalid = await api.assessPatient({ patientId: 'X', timepoints: [] });
      expect(invalid).toMatchObject({ ok: false, problems: [{ path: '$.timepoints' }] });
      const cohort = await api.assessCohort([patient([[0, [target('L1', 10)]]])]);
      expect(cohort.ok).toBe(true);
    } finally {
      worker.terminate();
    }
  });
});
