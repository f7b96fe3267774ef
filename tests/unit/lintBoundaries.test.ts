import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const eslint = new ESLint({ cwd: root });

async function ruleIdsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return (result?.messages ?? []).map((message) => message.ruleId ?? 'fatal');
}

// The layering of ARCHITECTURE.md, checked against the project's real lint configuration.
describe('import boundaries', () => {
  it.each([
    ['workers/ imports nothing from src/', 'workers/domain/x.ts', "import { a } from '../../src/dicom/series';\nexport const b = a;"],
    ['workers/ does not import Cornerstone', 'workers/x.ts', "import { cache } from '@cornerstonejs/core';\nexport const c = cache;"],
    ['workers/ does not import React', 'workers/x.ts', "import { useState } from 'react';\nexport const s = useState;"],
    ['UI does not import Cornerstone', 'src/ui/x.ts', "import { cache } from '@cornerstonejs/core';\nexport const c = cache;"],
    ['UI does not import dicom-parser', 'src/ui/x.ts', "import * as p from 'dicom-parser';\nexport const q = p;"],
    ['the viewer does not import dcmjs', 'src/viewer/x.ts', "import dcmjs from 'dcmjs';\nexport const d = dcmjs;"],
    // direction (rule 5), type-only imports included
    ['UI does not import src/dicom, not even a type', 'src/ui/read/x.ts', "import type { ReadFile } from '../../dicom/studies';\nexport type R = ReadFile;"],
    ['UI does not reach the SR writer', 'src/ui/read/x.ts', "import type { ReadReports } from '../../dicom/sr/exportRead';\nexport type R = ReadReports;"],
    ['UI does not import app, not even a type', 'src/ui/read/x.ts', "import type { Services } from '../../app/services';\nexport type S = Services;"],
    ['state does not import UI, not even a type', 'src/state/x.ts', "import type { Responses } from '../ui/read/useResponses';\nexport type R = Responses;"],
    ['state does not import app', 'src/state/x.ts', "import type { Services } from '../app/services';\nexport type S = Services;"],
    ['the viewer does not import UI, not even a type', 'src/viewer/x.ts', "import type { ShownStudy } from '../ui/read/LesionTable';\nexport type S = ShownStudy;"],
    ['dicom does not import app, not even a type', 'src/dicom/x.ts', "import type { Services } from '../app/services';\nexport type S = Services;"],
    ['datasources do not import UI', 'src/datasources/x.ts', "import type { ShownStudy } from '../ui/read/LesionTable';\nexport type S = ShownStudy;"],
  ])('%s', async (_rule, filePath, code) => {
    expect(await ruleIdsFor(filePath, code)).toContain('no-restricted-imports');
  });

  it.each([
    ['src/viewer may import Cornerstone', 'src/viewer/x.ts', "import { cache } from '@cornerstonejs/core';\nexport const c = cache;"],
    ['src/dicom may import dicom-parser', 'src/dicom/x.ts', "import * as p from 'dicom-parser';\nexport const q = p;"],
    ['UI may import the study model', 'src/ui/read/x.ts', "import type { Study } from '../../state/studyModel';\nexport type S = Study;"],
    ['UI may import state types', 'src/ui/read/x.ts', "import type { EngineClient } from '../../state/engine';\nexport type E = EngineClient;"],
    ['app may import UI', 'src/app/x.ts', "import type { ShownStudy } from '../ui/read/LesionTable';\nexport type S = ShownStudy;"],
  ])('%s', async (_rule, filePath, code) => {
    expect(await ruleIdsFor(filePath, code)).not.toContain('no-restricted-imports');
  });

  it('forbids an import circle made of type-only imports (the viewer circle of issue 11)', async () => {
    // stackViewer imports presets; presets importing a type back from stackViewer closes a circle.
    const code = "import type { StackViewer } from './stackViewer';\nexport type Shown = StackViewer;";
    expect(await ruleIdsFor('src/viewer/presets.ts', code)).toContain('nadir/no-import-cycle');
  });

  it('forbids an explicit any', async () => {
    expect(await ruleIdsFor('src/app/x.ts', 'export const value: any = 1;')).toContain('@typescript-eslint/no-explicit-any');
  });
});
