import type { AuthKind } from './runtimeConfig';

/**
 * The credentials the deployment's DICOMweb server asks for, as the reader typed them. Held in this
 * object only, for the life of the tab: never written to any storage, never put in a URL, a message,
 * a log or an export. Only the Authorization header of a request to the configured server carries them.
 */
export type PacsCredentials = { kind: 'bearer'; token: string } | { kind: 'basic'; user: string; password: string };

/** not-needed: the server wants none; needed: none typed yet; held: typed; refused: the server refused the ones typed. */
export type CredentialsState = 'not-needed' | 'needed' | 'held' | 'refused';

export interface CredentialsStore {
  readonly auth: AuthKind;
  state(): CredentialsState;
  /** Credentials of the kind the configuration asks for; a problem with them is named (null: accepted). */
  set(credentials: PacsCredentials): string | null;
  forget(): void;
  /** The value of the Authorization header, or null. */
  authorization(): string | null;
  /** The server answered 401 or 403: the credentials are dropped and asked for again. */
  refused(): void;
  subscribe(listener: () => void): () => void;
}

/** RFC 7617: user-id and password as UTF-8, joined by a colon, base64. */
function basicValue(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/** Header values cannot hold line breaks or other control characters; RFC 6750 token68 for bearer tokens. */
function problemOf(credentials: PacsCredentials): string | null {
  if (credentials.kind === 'bearer') {
    const token = credentials.token.trim();
    if (token === '') return 'enter the token';
    return /^[A-Za-z0-9\-._~+/]+=*$/.test(token) ? null : 'the token holds characters a bearer token cannot have (RFC 6750)';
  }
  if (credentials.user === '') return 'enter the user name';
  if (credentials.user.includes(':')) return 'a user name cannot contain a colon (RFC 7617)';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(credentials.user + credentials.password)) return 'the user name or password holds a control character';
  return null;
}

export function createCredentialsStore(auth: AuthKind): CredentialsStore {
  let header: string | null = null;
  let state: CredentialsState = auth === 'none' ? 'not-needed' : 'needed';
  const listeners = new Set<() => void>();
  const change = (next: CredentialsState) => {
    state = next;
    for (const listener of listeners) listener();
  };
  return {
    auth,
    state: () => state,
    set(credentials) {
      if (auth === 'none') return 'this PACS asks for no credentials';
      if (credentials.kind !== auth) return `this PACS asks for ${auth === 'bearer' ? 'a bearer token' : 'a user name and password'}`;
      const problem = problemOf(credentials);
      if (problem) return problem;
      header = credentials.kind === 'bearer' ? `Bearer ${credentials.token.trim()}` : basicValue(credentials.user, credentials.password);
      change('held');
      return null;
    },
    forget() {
      if (auth === 'none') return;
      header = null;
      change('needed');
    },
    authorization: () => header,
    refused() {
      if (auth === 'none') return;
      header = null;
      change('refused');
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
