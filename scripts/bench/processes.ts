/**
 * Processes the viewer benchmark starts, and how it finds and ends them: static servers (vite
 * preview, each in its own process group) and Chromium (a child of this Node process, found in /proc).
 * Every process is ended by its own id, on success, on failure and on Ctrl-C.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../tests/pacs/orthanc';

async function waitForServer(url: string, timeoutMs: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server for ${url} exited (code ${child.exitCode}) before answering:\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no server answered at ${url} within ${timeoutMs / 1000} s:\n${output()}`);
}

const servers = new Set<ChildProcess>();

/** `vite preview` (of the app or of the floor) on a free loopback port; resolves once it answers. */
export async function startPreview(root: string, args: readonly string[], timeoutMs = 30_000): Promise<string> {
  const port = await freePort();
  const child = spawn(join(root, 'node_modules', '.bin', 'vite'), ['preview', ...args, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  servers.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}/`;
  await waitForServer(url, timeoutMs, child, () => output.trim());
  return url;
}

/** Runs a command to completion, failing with its output. */
export function run(command: string, args: readonly string[], cwd: string, what: string): void {
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error) throw new Error(`${what}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status})`);
}

export interface ProcessInfo {
  pid: number;
  ppid: number;
  cmdline: string[];
  /** VmRSS and VmHWM (peak resident set) in bytes; 0 when the process is gone. */
  rssBytes: number;
  peakRssBytes: number;
}

function readProcess(pid: number): ProcessInfo | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return { pid, ppid: field('PPid'), cmdline, rssBytes: field('VmRSS') * 1024, peakRssBytes: field('VmHWM') * 1024 };
  } catch {
    return null; // exited meanwhile
  }
}

/** Every live descendant of a process (children, grandchildren, …). */
export function descendants(rootPid: number): ProcessInfo[] {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcess(Number(name)))
    .filter((info): info is ProcessInfo => info !== null);
  const byParent = new Map<number, ProcessInfo[]>();
  for (const info of all) byParent.set(info.ppid, [...(byParent.get(info.ppid) ?? []), info]);
  const found: ProcessInfo[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    for (const child of byParent.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

// Chromium rewrites the command lines of its child processes into one space-separated string.
const commandLine = (info: ProcessInfo) => info.cmdline.join(' ');
const isChromium = (info: ProcessInfo) => /chromium|chrome/.test(info.cmdline[0]?.split(' ')[0] ?? '');
const processType = (info: ProcessInfo) => /(?:^| )--type=(\S+)/.exec(commandLine(info))?.[1] ?? 'browser';

export interface ChromiumMemory {
  /** The renderer that holds the page (and its dedicated workers): the largest renderer. */
  rendererRssBytes: number;
  rendererPeakRssBytes: number;
  renderers: number;
  gpuRssBytes: number;
  /** All Chromium processes together (they share some pages, so this over-counts a little). */
  totalRssBytes: number;
}

/** Memory of the Chromium started by this process (the benchmark runs one browser at a time). */
export function chromiumMemory(): ChromiumMemory {
  const chromium = descendants(process.pid).filter(isChromium);
  const renderers = chromium.filter((info) => processType(info) === 'renderer' && !/ --extension-process/.test(commandLine(info)));
  const page = renderers.reduce<ProcessInfo | null>((largest, info) => (!largest || info.rssBytes > largest.rssBytes ? info : largest), null);
  if (!page) throw new Error('no Chromium renderer process found below this process');
  return {
    rendererRssBytes: page.rssBytes,
    rendererPeakRssBytes: page.peakRssBytes,
    renderers: renderers.length,
    gpuRssBytes: chromium.filter((info) => processType(info) === 'gpu-process').reduce((sum, info) => sum + info.rssBytes, 0),
    totalRssBytes: chromium.reduce((sum, info) => sum + info.rssBytes, 0),
  };
}

/**
 * Synchronous last resort (signal, uncaught error, exit): ends the preview servers' process groups
 * and the Chromium processes below this process, by id, and removes their profile directories.
 */
export function killEverythingStarted(): void {
  for (const server of servers) {
    if (server.pid && server.exitCode === null && server.signalCode === null) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
  servers.clear();
  const chromium = descendants(process.pid).filter(isChromium);
  const profiles = chromium
    .filter((info) => processType(info) === 'browser')
    .map((info) => /(?:^| )--user-data-dir=(\S+)/.exec(commandLine(info))?.[1])
    .filter((dir): dir is string => !!dir && /nadir-chromium-/.test(dir));
  for (const info of chromium) {
    try {
      process.kill(info.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  // Only once they are gone, or a dying process writes into the profile after it was removed.
  const deadline = Date.now() + 3000;
  const sleep = new Int32Array(new SharedArrayBuffer(4));
  while (Date.now() < deadline && chromium.some((info) => existsSync(`/proc/${info.pid}/cmdline`) && readProcess(info.pid)?.cmdline.length)) Atomics.wait(sleep, 0, 0, 20);
  for (const dir of profiles) rmSync(dir, { recursive: true, force: true });
}
