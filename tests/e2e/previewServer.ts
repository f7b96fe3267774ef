import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { hccPacsFixture, phantomPacsFiles } from '../pacs/fixtures';
import { freePort, startOrthanc, uploadFiles, type RunningOrthanc } from '../pacs/orthanc';

const root = new URL('../../', import.meta.url).pathname;

async function waitForServer(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`preview server did not answer at ${url} within ${timeoutMs} ms`);
}

/**
 * One private Orthanc for the whole run (tests/e2e/pacs.e2e.ts), on a free loopback port with its
 * storage in a temporary folder, holding the HCC_048 studies and an SR, and the phantom patient's
 * studies (tests/e2e/read.e2e.ts stores its read there as SR and rebuilds it in a fresh profile). If it cannot start, the
 * other browser tests still run and the PACS tests report why.
 */
async function startTestPacs(dir: string): Promise<{ orthanc: RunningOrthanc | null; error: string }> {
  let orthanc: RunningOrthanc | null = null;
  try {
    const files = [...hccPacsFixture(dir), ...phantomPacsFiles()];
    orthanc = await startOrthanc(join(dir, 'orthanc'));
    const upload = await uploadFiles(orthanc.port, files);
    if (upload.failures.length > 0) throw new Error(`upload failed: ${upload.failures.map((failure) => `${failure.file}: ${failure.message}`).join('; ')}`);
    return { orthanc, error: '' };
  } catch (error) {
    await orthanc?.stop();
    return { orthanc: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Global setup of the browser tests: builds the production bundle (unless NADIR_SKIP_BUILD=1 and a
 * build exists), starts the test PACS, and serves the build with `vite preview` on a free loopback
 * port, its /dicom-web proxy pointing at that PACS.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.NADIR_SKIP_BUILD !== '1' || !existsSync(`${root}dist/index.html`)) {
    const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('vite build failed');
  }
  const pacsDir = mkdtempSync(join(tmpdir(), 'nadir-e2e-pacs-'));
  const pacs = await startTestPacs(pacsDir);
  // Without a PACS the proxy points at a port nothing listens on (port 9 is discard): requests fail.
  const orthancPort = String(pacs.orthanc?.port ?? 9);
  const port = await freePort();
  const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: root,
    stdio: 'ignore',
    detached: true,
    env: { ...process.env, NADIR_ORTHANC_PORT: orthancPort },
  });
  const baseUrl = `http://127.0.0.1:${port}/`;
  const stop = async () => {
    if (server.pid) process.kill(-server.pid, 'SIGTERM');
    await pacs.orthanc?.stop();
    rmSync(pacsDir, { recursive: true, force: true });
  };
  try {
    await waitForServer(baseUrl, 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  project.provide('baseUrl', baseUrl);
  project.provide('pacs', { orthancPort: pacs.orthanc?.port ?? 0, error: pacs.error });
  return stop;
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The test PACS behind the preview's /dicom-web proxy: its port, or 0 and why it did not start. */
    pacs: { orthancPort: number; error: string };
  }
}
