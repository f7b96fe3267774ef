import { spawnSync } from 'node:child_process';

/** dciodvfy (dicom3tools): the IOD checker. Its errors and warnings, and a summary for the test output. */
export function dciodvfy(path: string): { errors: string[]; warnings: string[]; summary: string } {
  const result = spawnSync('dciodvfy', [path], { encoding: 'utf8' });
  if (result.error) throw new Error(`dciodvfy could not run (scripts/install-system-deps.sh installs dicom3tools): ${result.error.message}`);
  const lines = `${result.stdout}\n${result.stderr}`.split('\n');
  const errors = lines.filter((line) => line.startsWith('Error'));
  const warnings = lines.filter((line) => line.startsWith('Warning'));
  const distinct = [...new Set(warnings)].map((warning) => `${warnings.filter((line) => line === warning).length} × ${warning}`);
  return { errors, warnings, summary: `${errors.length} errors, ${warnings.length} warnings\n  ${distinct.join('\n  ')}` };
}

/** dsrdump (dcmtk): the SR document as text, with code values; status 0 when it parsed. */
export function dsrdump(path: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('dsrdump', ['-Ec', '+Pc', path], { encoding: 'utf8' });
  if (result.error) throw new Error(`dsrdump could not run (scripts/install-system-deps.sh installs dcmtk): ${result.error.message}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
