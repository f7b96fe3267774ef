import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Download, type Page } from 'playwright-core';
import { PNG } from 'pngjs';

/** Debian's Chromium; a test tool's own browser download does not work on these machines. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and unhandled rejections in the page. */
  pageErrors: string[];
  /** Messages the page logged as errors (a decoder may log a file it cannot decode). */
  consoleErrors: string[];
  close(): Promise<void>;
}

/** A fresh Chromium profile (its own directory) with one page. */
export async function openBrowser(): Promise<BrowserSession> {
  const profileDir = mkdtempSync(join(tmpdir(), 'nadir-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_FLAGS,
    headless: true,
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  return {
    context,
    page,
    pageErrors,
    consoleErrors,
    async close() {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** Runs `action` and saves the `count` downloads it starts into `dir`; resolves with their paths. */
export async function downloadsOf(page: Page, count: number, dir: string, action: () => Promise<void>, timeoutMs = 30_000): Promise<string[]> {
  const saved: Promise<string>[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const all = new Promise<void>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${saved.length} of ${count} downloads within ${timeoutMs} ms`)), timeoutMs);
    const onDownload = (download: Download) => {
      const path = join(dir, download.suggestedFilename());
      saved.push(download.saveAs(path).then(() => path));
      if (saved.length === count) {
        page.off('download', onDownload);
        resolve();
      }
    };
    page.on('download', onDownload);
  });
  try {
    await action();
    await all;
  } finally {
    clearTimeout(timer);
  }
  return Promise.all(saved);
}

export interface PixelStatistics {
  mean: number;
  standardDeviation: number;
  distinctLevels: number;
  /** Fraction of pixels that are neither near-black nor near-white. */
  midToneFraction: number;
}

/** Luminance statistics of a PNG screenshot. */
export function pixelStatistics(png: Buffer): PixelStatistics {
  const image = PNG.sync.read(png);
  const levels = new Set<number>();
  let sum = 0;
  let sumOfSquares = 0;
  let midTones = 0;
  const count = image.width * image.height;
  for (let offset = 0; offset < image.data.length; offset += 4) {
    const luminance = Math.round(0.299 * image.data[offset]! + 0.587 * image.data[offset + 1]! + 0.114 * image.data[offset + 2]!);
    levels.add(luminance);
    sum += luminance;
    sumOfSquares += luminance * luminance;
    if (luminance > 20 && luminance < 235) midTones += 1;
  }
  const mean = sum / count;
  return {
    mean,
    standardDeviation: Math.sqrt(Math.max(0, sumOfSquares / count - mean * mean)),
    distinctLevels: levels.size,
    midToneFraction: midTones / count,
  };
}

/** Mean absolute per-pixel luminance difference between two same-sized screenshots (0-255). */
export function meanAbsoluteDifference(a: Buffer, b: Buffer): number {
  const first = PNG.sync.read(a);
  const second = PNG.sync.read(b);
  if (first.width !== second.width || first.height !== second.height) throw new Error('screenshots differ in size');
  let total = 0;
  for (let offset = 0; offset < first.data.length; offset += 4) {
    for (let channel = 0; channel < 3; channel++) total += Math.abs(first.data[offset + channel]! - second.data[offset + channel]!);
  }
  return total / ((first.data.length / 4) * 3);
}
