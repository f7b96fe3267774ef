import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Debian's `orthanc` and `orthanc-dicomweb` packages (scripts/install-system-deps.sh installs them). */
export const ORTHANC_BINARY = '/usr/sbin/Orthanc';
export const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

export function orthancInstalled(): boolean {
  return existsSync(ORTHANC_BINARY) && existsSync(DICOMWEB_PLUGIN);
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The configuration of a private Orthanc: HTTP only (Orthanc 1.10 binds every interface, so remote
 * access is refused instead), no DICOM port, no authentication, storage and index in `dir`.
 */
export function orthancConfig(dir: string, port: number, name = 'Nadir test PACS'): Record<string, unknown> {
  const storage = join(dir, 'storage');
  return {
    Name: name,
    HttpPort: port,
    HttpServerEnabled: true,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: false,
    DicomServerEnabled: false,
    StorageDirectory: storage,
    IndexDirectory: storage,
    Plugins: [DICOMWEB_PLUGIN],
    DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: false },
    HttpThreadsCount: 16,
    ConcurrentJobs: 1,
    SaveJobs: false,
    StableAge: 1,
  };
}

/** Writes the configuration into `dir` and returns its path. */
export function writeOrthancConfig(dir: string, port: number): string {
  mkdirSync(join(dir, 'storage'), { recursive: true });
  const path = join(dir, 'orthanc.json');
  writeFileSync(path, `${JSON.stringify(orthancConfig(dir, port), null, 2)}\n`);
  return path;
}

/** Waits until Orthanc answers `/system` on 127.0.0.1, or fails with what it logged. */
export async function waitForOrthanc(port: number, timeoutMs: number, exited?: () => string | null): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const exit = exited?.();
    if (exit) throw new Error(`Orthanc stopped while starting: ${exit}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/system`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Orthanc did not answer at http://127.0.0.1:${port}/system within ${timeoutMs} ms`);
}

export interface UploadResult {
  uploaded: number;
  failures: { file: string; message: string }[];
}

/** POSTs each file to Orthanc's `/instances` (a few at a time). */
export async function uploadFiles(port: number, files: readonly string[], concurrency = 4): Promise<UploadResult> {
  const failures: UploadResult['failures'] = [];
  let uploaded = 0;
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      try {
        const response = await fetch(`http://127.0.0.1:${port}/instances`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/dicom' },
          body: readFileSync(file),
        });
        if (!response.ok) throw new Error(`HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
        uploaded += 1;
      } catch (error) {
        failures.push({ file, message: error instanceof Error ? error.message : String(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { uploaded, failures };
}

export interface RunningOrthanc {
  port: number;
  /** http://127.0.0.1:PORT */
  url: string;
  /** http://127.0.0.1:PORT/dicom-web */
  dicomWebUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts a private Orthanc (child process of this one) on a free loopback port with its storage in
 * `dir`, and waits until it answers. Stop it with `stop()`.
 */
export async function startOrthanc(dir: string, options: { port?: number; timeoutMs?: number } = {}): Promise<RunningOrthanc> {
  if (!orthancInstalled()) {
    throw new Error(`Orthanc is not installed (${ORTHANC_BINARY}, ${DICOMWEB_PLUGIN}): run scripts/install-system-deps.sh as root`);
  }
  const port = options.port ?? (await freePort());
  const configPath = writeOrthancConfig(dir, port);
  const child = spawn(ORTHANC_BINARY, [configPath], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  let exit: string | null = null;
  const exited = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exit = `exit ${code ?? signal}\n${log}`;
      resolve();
    });
  });
  try {
    await waitForOrthanc(port, options.timeoutMs ?? 20_000, () => exit);
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    dicomWebUrl: `http://127.0.0.1:${port}/dicom-web`,
    process: child,
    async stop() {
      if (exit !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The Series Instance UIDs of a study's SR series, through the PACS's DICOMweb (QIDO-RS). */
export async function srSeriesOf(port: number, studyUid: string): Promise<string[]> {
  const response = await fetch(`http://127.0.0.1:${port}/dicom-web/studies/${studyUid}/series?Modality=SR`);
  if (response.status === 204) return [];
  const found = (await response.json()) as { '0020000E': { Value: [string] } }[];
  return found.map((series) => series['0020000E'].Value[0]);
}

/** Deletes a series from Orthanc by its Series Instance UID (nothing when it is not there). */
export async function deleteSeries(port: number, seriesUid: string): Promise<void> {
  const found = (await (await fetch(`http://127.0.0.1:${port}/tools/lookup`, { method: 'POST', body: seriesUid })).json()) as { ID: string; Type: string }[];
  for (const entry of found.filter((candidate) => candidate.Type === 'Series')) await fetch(`http://127.0.0.1:${port}/series/${entry.ID}`, { method: 'DELETE' });
}

/**
 * The SR series of some studies as they are now, so that a test file can delete the ones it stored:
 * every e2e file shares one PACS, and another file counts or lists the reads in it.
 */
export async function srSeriesSnapshot(port: number, studyUids: readonly string[]) {
  const before = new Map<string, string[]>();
  for (const study of studyUids) before.set(study, await srSeriesOf(port, study));
  /** the SR series stored in a study since the snapshot */
  const added = async (studyUid: string) => (await srSeriesOf(port, studyUid)).filter((uid) => !before.get(studyUid)?.includes(uid));
  return {
    before: (studyUid: string): readonly string[] => before.get(studyUid) ?? [],
    added,
    async deleteAdded(): Promise<void> {
      for (const study of studyUids) for (const series of await added(study).catch(() => [])) await deleteSeries(port, series);
    },
  };
}
