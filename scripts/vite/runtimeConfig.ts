import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Connect, Plugin } from 'vite';
import { parseRuntimeConfig, RUNTIME_CONFIG_PATH, RuntimeConfigError, type RuntimeConfig } from '../../src/datasources/runtimeConfig.js';
import { productionHeadersFor } from './securityHeaders.js';

/**
 * The deployment's nadir.config.json, for the dev and preview servers: `NADIR_CONFIG=<path>`, else
 * `nadir.config.json` in the project folder when there is one, else none (this origin's /dicom-web).
 * Served at /nadir.config.json and read again on every request, so the preview's
 * Content-Security-Policy is always the one written from the file the page is given.
 */
export function runtimeConfigPath(root: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.NADIR_CONFIG) return resolve(root, env.NADIR_CONFIG);
  const local = resolve(root, RUNTIME_CONFIG_PATH);
  return existsSync(local) ? local : null;
}

/** The file's text and what it configures; a malformed file's configuration is null (the strict default policy). */
function readConfig(path: string | null): { text: string | null; config: RuntimeConfig | null } {
  if (!path || !existsSync(path)) return { text: null, config: null };
  const text = readFileSync(path, 'utf8');
  try {
    return { text, config: parseRuntimeConfig(text, path) };
  } catch (error) {
    if (error instanceof RuntimeConfigError) return { text, config: null };
    throw error;
  }
}

/** Refuses to start on a file that is missing or malformed: a deployment finds out before a reader does. */
function checkAtStart(path: string | null): void {
  if (!path) return;
  if (!existsSync(path)) throw new RuntimeConfigError(`NADIR_CONFIG names ${path}, which does not exist`);
  parseRuntimeConfig(readFileSync(path, 'utf8'), path);
}

function serveConfig(path: string | null, withHeaders: boolean): Connect.NextHandleFunction {
  return (req, res, next) => {
    const { text, config } = readConfig(path);
    if (withHeaders) for (const [name, value] of Object.entries(productionHeadersFor(config))) res.setHeader(name, value);
    if ((req.url ?? '').split('?')[0] !== `/${RUNTIME_CONFIG_PATH}`) return next();
    res.setHeader('Cache-Control', 'no-store');
    if (text === null) {
      // 204, not 404: no file is an ordinary deployment, and the browser logs a 404 as a console error
      res.statusCode = 204;
      res.end();
      return;
    }
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(text);
  };
}

export function runtimeConfig(root: string): Plugin {
  const path = runtimeConfigPath(root);
  return {
    name: 'nadir-runtime-config',
    configureServer(server) {
      checkAtStart(path);
      server.middlewares.use(serveConfig(path, false));
    },
    configurePreviewServer(server) {
      checkAtStart(path);
      server.middlewares.use(serveConfig(path, true));
    },
  };
}
