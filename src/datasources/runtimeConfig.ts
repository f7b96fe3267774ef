import { z } from '../../workers/domain/zodSetup.js'; // .js: vite.config.ts loads this file too

/**
 * The deployment's runtime configuration, `nadir.config.json` served beside index.html: which
 * DICOMweb server Nadir talks to and how it authenticates. Read once at start-up; no file means
 * today's default (this origin's `/dicom-web`, no authentication). The same parser runs in the
 * browser and in the tools that write the Content-Security-Policy from the file (scripts/csp.ts),
 * so the policy and the app can never disagree about the server.
 */
export const RUNTIME_CONFIG_PATH = 'nadir.config.json';

/** How the DICOMweb server wants requests authenticated (closed set). */
export const AUTH_KINDS = ['none', 'bearer', 'basic'] as const;
export type AuthKind = (typeof AUTH_KINDS)[number];

export interface RuntimeConfig {
  dicomWeb: {
    /** Absolute http(s) URL, or a path on this origin (starting with `/`); no trailing slash, query or credentials. */
    baseUrl: string;
    auth: AuthKind;
  };
  /** false when no file was served: the DICOMweb URL stays editable, as before this file existed. */
  fromFile: boolean;
}

export const DEFAULT_DICOMWEB_PATH = '/dicom-web';
export const defaultRuntimeConfig: RuntimeConfig = { dicomWeb: { baseUrl: DEFAULT_DICOMWEB_PATH, auth: 'none' }, fromFile: false };

/** A configuration file that cannot be used: its message names the file and the field. */
export class RuntimeConfigError extends Error {
  override name = 'RuntimeConfigError';
}

/** An absolute http(s) URL, or a path on this origin; never a URL carrying a user name, password, query or fragment. */
function baseUrlProblem(value: string): string | null {
  if (value.startsWith('/') && !value.startsWith('//')) return /[?#]/.test(value) ? 'a path without query or fragment' : null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'an absolute http or https URL, or a path starting with /';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `an http or https URL, not ${url.protocol}`;
  if (url.username || url.password) return 'a URL without a user name or password (credentials are entered in the app)';
  if (url.search || url.hash || /[?#]/.test(value)) return 'a URL without query or fragment';
  return null;
}

const configSchema = z
  .object({
    dicomWeb: z
      .object({
        baseUrl: z.string().min(1).superRefine((value, context) => {
          const problem = baseUrlProblem(value.trim());
          if (problem) context.addIssue({ code: 'custom', message: `must be ${problem}` });
        }),
        auth: z.enum(AUTH_KINDS).default('none'),
      })
      .strict(),
  })
  .strict();

/** Reads a configuration file's text; a malformed one throws a RuntimeConfigError naming the field. */
export function parseRuntimeConfig(text: string, source = RUNTIME_CONFIG_PATH): RuntimeConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new RuntimeConfigError(`${source} is not JSON`);
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(top level)'}: ${issue.message}`);
    throw new RuntimeConfigError(`${source} is malformed: ${issues.join('; ')}`);
  }
  const { baseUrl, auth } = parsed.data.dicomWeb;
  return { dicomWeb: { baseUrl: baseUrl.trim().replace(/\/+$/, ''), auth }, fromFile: true };
}

/**
 * The origin a configuration sends DICOMweb requests to, or null when it is this page's own (a path).
 * The Content-Security-Policy's connect-src is widened by exactly this origin.
 */
export function dicomWebOrigin(config: RuntimeConfig): string | null {
  const { baseUrl } = config.dicomWeb;
  return baseUrl.startsWith('/') ? null : new URL(baseUrl).origin;
}

/** The parts of fetch that loading needs (so a test can hand in a fake). */
export type ConfigFetch = (url: string, init: { cache: 'no-store'; credentials: 'same-origin' }) => Promise<Pick<Response, 'ok' | 'status' | 'text'>>;

/** The outcome of loading: the configuration to use, or why the served file cannot be used. */
export type LoadedConfig = { kind: 'ok'; config: RuntimeConfig } | { kind: 'malformed'; message: string };

/**
 * Fetches `nadir.config.json` beside the page. 204 (our servers' answer when there is no file) or 404 (a static
 * server's): the default. Anything else unusable is named, never guessed around. 204 exists because the browser
 * logs every 404 as a console error, and a deployment without a file is an ordinary one.
 */
export async function loadRuntimeConfig(fetchUrl: ConfigFetch, pageUrl: string): Promise<LoadedConfig> {
  const url = new URL(RUNTIME_CONFIG_PATH, pageUrl).toString();
  try {
    const response = await fetchUrl(url, { cache: 'no-store', credentials: 'same-origin' });
    if (response.status === 204 || response.status === 404) return { kind: 'ok', config: defaultRuntimeConfig };
    if (!response.ok) return { kind: 'malformed', message: `${RUNTIME_CONFIG_PATH} could not be read (HTTP ${response.status})` };
    return { kind: 'ok', config: parseRuntimeConfig(await response.text()) };
  } catch (error) {
    return { kind: 'malformed', message: error instanceof RuntimeConfigError ? error.message : `${RUNTIME_CONFIG_PATH} could not be read (${error instanceof Error ? error.message : String(error)})` };
  }
}
