import { AUTH_KINDS, type AuthKind } from '../datasources/runtimeConfig';
import type { PacsCredentials } from '../datasources/pacsCredentials';

/**
 * The environment variables a command reads its PACS credentials from. Never arguments: a command
 * line is seen by every user of the machine (`ps`) and kept in shell histories and CI logs.
 */
export const CREDENTIAL_ENV = { token: 'NADIR_DICOMWEB_TOKEN', user: 'NADIR_DICOMWEB_USER', password: 'NADIR_DICOMWEB_PASSWORD' } as const;

export type CliCredentials = { kind: 'ok'; credentials: PacsCredentials | null } | { kind: 'problem'; message: string };

const isAuthKind = (value: string): value is AuthKind => (AUTH_KINDS as readonly string[]).includes(value);

/** `--auth` and the environment to credentials (null: none asked for); a missing variable is named, its value never. */
export function credentialsFromEnv(auth: string, env: Readonly<Record<string, string | undefined>>): CliCredentials {
  if (!isAuthKind(auth)) return { kind: 'problem', message: `--auth is one of ${AUTH_KINDS.join(', ')}, not ${JSON.stringify(auth)}` };
  const missing = (names: readonly string[]) => names.filter((name) => !env[name]);
  switch (auth) {
    case 'none':
      return { kind: 'ok', credentials: null };
    case 'bearer': {
      const absent = missing([CREDENTIAL_ENV.token]);
      if (absent.length > 0) return { kind: 'problem', message: `--auth bearer reads the token from ${absent.join(' and ')}, which is not set` };
      return { kind: 'ok', credentials: { kind: 'bearer', token: env[CREDENTIAL_ENV.token]! } };
    }
    case 'basic': {
      const absent = missing([CREDENTIAL_ENV.user, CREDENTIAL_ENV.password]);
      if (absent.length > 0) return { kind: 'problem', message: `--auth basic reads the user name and password from ${CREDENTIAL_ENV.user} and ${CREDENTIAL_ENV.password}; ${absent.join(' and ')} ${absent.length === 1 ? 'is' : 'are'} not set` };
      return { kind: 'ok', credentials: { kind: 'basic', user: env[CREDENTIAL_ENV.user]!, password: env[CREDENTIAL_ENV.password]! } };
    }
  }
}
