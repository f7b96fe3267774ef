import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The shared DICOM corpus beside the project (CI has it too). */
export const corpusDir = new URL('../../../shared/dicom/', import.meta.url).pathname;

export function filesBelow(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesBelow(path) : [path];
    })
    .sort();
}
