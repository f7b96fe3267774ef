/**
 * `npm run pacs`: a local PACS for Nadir's DICOMweb source. Starts Debian's Orthanc with its
 * DICOMweb plugin in the background (installing both if missing), storage in .tmp/orthanc/, and
 * uploads the sample studies. `npm run dev` and `npm start` proxy /dicom-web to it.
 *
 *   npm run pacs            start (or keep running) and upload the sample studies
 *   npm run pacs -- stop    stop it (the storage stays in .tmp/orthanc/; delete it to start empty)
 *   npm run pacs -- status  say whether it runs
 *
 * Port: NADIR_ORTHANC_PORT (default 8042); the dev and preview servers read the same variable.
 * Orthanc 1.10 listens on every interface; RemoteAccessAllowed=false makes it answer loopback only.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dicomFilesBelow } from '../tests/pacs/fixtures';
import { ORTHANC_BINARY, orthancInstalled, uploadFiles, waitForOrthanc, writeOrthancConfig } from '../tests/pacs/orthanc';

const root = new URL('../', import.meta.url).pathname;
const dir = join(root, '.tmp/orthanc');
const pidFile = join(dir, 'orthanc.pid');
const logFile = join(dir, 'orthanc.log');
const port = Number(process.env.NADIR_ORTHANC_PORT || 8042);

/** The pid in the pid file, if that process is alive and is Orthanc. */
function runningPid(): number | null {
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isSafeInteger(pid) || pid <= 0) return null;
  try {
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return commandLine.includes('Orthanc') ? pid : null;
  } catch {
    return null;
  }
}

async function answers(): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/system`)).ok;
  } catch {
    return false;
  }
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

async function start(): Promise<void> {
  if (!orthancInstalled()) {
    console.log('pacs: Orthanc or its DICOMweb plugin is missing; installing the system packages');
    run('bash', ['scripts/install-system-deps.sh']);
  }
  if (!existsSync(join(root, 'sample-data/phantom-net-01'))) {
    console.log('pacs: generating the synthetic sample studies first (npm run sample-data)');
    run('npm', ['run', '--silent', 'sample-data']);
  }

  let pid = runningPid();
  if (pid !== null) {
    console.log(`pacs: Orthanc already runs (pid ${pid})`);
  } else {
    if (await answers()) throw new Error(`something else answers on port ${port}: stop it, or set NADIR_ORTHANC_PORT to another port`);
    const configPath = writeOrthancConfig(dir, port);
    const log = openSync(logFile, 'a');
    const child = spawn(ORTHANC_BINARY, [configPath], { cwd: dir, detached: true, stdio: ['ignore', log, log] });
    closeSync(log);
    let exit: string | null = null;
    child.on('exit', (code, signal) => (exit = `exit ${code ?? signal}; see ${logFile}`));
    child.unref();
    pid = child.pid ?? null;
    if (pid === null) throw new Error('Orthanc did not start');
    writeFileSync(pidFile, `${pid}\n`);
    await waitForOrthanc(port, 20_000, () => exit);
    console.log(`pacs: started Orthanc (pid ${pid}) on http://127.0.0.1:${port}, storage ${join(dir, 'storage')}, log ${logFile}`);
  }

  const files = dicomFilesBelow(join(root, 'sample-data'));
  const upload = await uploadFiles(port, files);
  for (const failure of upload.failures) console.error(`pacs: could not upload ${failure.file}: ${failure.message}`);
  const statistics = (await (await fetch(`http://127.0.0.1:${port}/statistics`)).json()) as { CountPatients: number; CountStudies: number; CountInstances: number };
  console.log(`pacs: uploaded ${upload.uploaded} of ${files.length} files from sample-data/ (already stored ones are kept once)`);
  console.log(`pacs: Orthanc holds ${statistics.CountPatients} patients, ${statistics.CountStudies} studies, ${statistics.CountInstances} instances`);
  console.log(`pacs: DICOMweb at http://127.0.0.1:${port}/dicom-web; \`npm run dev\` and \`npm start\` proxy /dicom-web to it`);
  console.log('pacs: stop it with `npm run pacs -- stop`');
  if (upload.failures.length > 0) process.exitCode = 1;
}

async function stop(): Promise<void> {
  const pid = runningPid();
  if (pid === null) {
    console.log('pacs: Orthanc is not running (no live pid in .tmp/orthanc/orthanc.pid)');
    rmSync(pidFile, { force: true });
    return;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 15_000;
  while (runningPid() === pid && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (runningPid() === pid) {
    process.kill(pid, 'SIGKILL');
    console.log(`pacs: Orthanc (pid ${pid}) did not stop in 15 s and was killed`);
  } else {
    console.log(`pacs: stopped Orthanc (pid ${pid}); its storage stays in ${join(dir, 'storage')}`);
  }
  rmSync(pidFile, { force: true });
}

async function status(): Promise<void> {
  const pid = runningPid();
  console.log(pid === null ? 'pacs: not running' : `pacs: running (pid ${pid}) on http://127.0.0.1:${port}, answering: ${await answers()}`);
}

const command = process.argv[2] ?? 'start';
const commands: Record<string, () => Promise<void>> = { start, stop, status };
const action = commands[command];
if (!action) {
  console.error(`usage: npm run pacs [-- start | stop | status]  (not ${JSON.stringify(command)})`);
  process.exit(2);
}
action().catch((error: unknown) => {
  console.error(`pacs: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
