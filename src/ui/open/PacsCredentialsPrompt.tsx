import { useState, useSyncExternalStore, type FormEvent } from 'react';
import type { CredentialsStore } from '../../datasources/pacsCredentials';

interface Props {
  credentials: CredentialsStore;
  serverUrl: string;
  /** Away from the start screen: shown only after the PACS refused the credentials (a reader of local files is not asked). */
  onlyWhenWanted?: boolean;
}

/** The credentials store's state, re-rendered when it changes (typed, forgotten, refused). */
export function useCredentialsState(credentials: CredentialsStore) {
  return useSyncExternalStore(credentials.subscribe, credentials.state);
}

/**
 * Asks for the token, or the user name and password, that the deployment's PACS wants. What is typed
 * goes to the in-memory credentials store only: the fields are cleared once it is accepted and the
 * browser is asked not to remember them. When the PACS refused what was typed, it says so first.
 */
export function PacsCredentialsPrompt({ credentials, serverUrl, onlyWhenWanted = false }: Props) {
  const state = useCredentialsState(credentials);
  const [token, setToken] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  if (state === 'not-needed' || (onlyWhenWanted && state !== 'refused')) return null;
  if (state === 'held') {
    return (
      <p className="pacs-credentials-held" data-testid="pacs-credentials-held">
        Signed in to the PACS with {credentials.auth === 'bearer' ? 'a bearer token' : 'a user name and password'}, kept in this tab only.{' '}
        <button type="button" onClick={() => credentials.forget()} data-testid="pacs-credentials-forget">
          Forget
        </button>
      </p>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = credentials.set(credentials.auth === 'bearer' ? { kind: 'bearer', token } : { kind: 'basic', user, password });
    setProblem(found);
    if (found) return;
    setToken('');
    setPassword('');
  };

  return (
    <form className="pacs-credentials" onSubmit={submit} data-testid="pacs-credentials" data-state={state} autoComplete="off">
      {state === 'refused' && (
        <p className="error" role="alert" data-testid="pacs-credentials-refused">
          The PACS refused the credentials. Enter them again.
        </p>
      )}
      <p>
        The PACS at <span className="pacs-credentials-server">{serverUrl}</span> asks for {credentials.auth === 'bearer' ? 'a bearer token' : 'a user name and password'}. They are kept
        in this tab only, never stored, and sent to this server only.
      </p>
      {credentials.auth === 'bearer' ? (
        <label>
          Token{' '}
          <input type="password" value={token} onChange={(event) => setToken(event.target.value)} autoComplete="off" spellCheck={false} size={40} data-testid="pacs-token" />
        </label>
      ) : (
        <>
          <label>
            User name <input value={user} onChange={(event) => setUser(event.target.value)} autoComplete="off" spellCheck={false} data-testid="pacs-user" />
          </label>{' '}
          <label>
            Password <input type="password" value={password} onChange={(event) => setPassword(event.target.value)} autoComplete="off" data-testid="pacs-password" />
          </label>
        </>
      )}{' '}
      <button type="submit" data-testid="pacs-credentials-submit">
        Use for this tab
      </button>
      {problem && (
        <p className="error" role="alert" data-testid="pacs-credentials-problem">
          {problem}
        </p>
      )}
    </form>
  );
}
