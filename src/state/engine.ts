import type { ReadAssessment } from '../../workers/engine';

/**
 * The response engine as the read sees it. The implementation (a Web Worker) is built in src/app;
 * the interface lives here so that the UI and the state depend on it without reaching up into app.
 */
export interface EngineClient {
  /** Every criterion the input asks for, each on its own: one criterion's invalid input never blanks another's. */
  assessRead(input: unknown): Promise<ReadAssessment>;
}
