import { describe, expect, it } from 'vitest';
import { credentialsFromEnv } from './cliCredentials';

describe('credentialsFromEnv: the cohort command’s PACS credentials come from the environment', () => {
  const env = { NADIR_DICOMWEB_TOKEN: 'abc.def', NADIR_DICOMWEB_USER: 'corelab', NADIR_DICOMWEB_PASSWORD: 's3cret' };

  it.each([
    ['none, whatever is set', 'none', env, { kind: 'ok', credentials: null }],
    ['a bearer token', 'bearer', env, { kind: 'ok', credentials: { kind: 'bearer', token: 'abc.def' } }],
    ['a user name and password', 'basic', env, { kind: 'ok', credentials: { kind: 'basic', user: 'corelab', password: 's3cret' } }],
  ])('reads %s', (_name, auth, given, expected) => {
    expect(credentialsFromEnv(auth, given)).toEqual(expected);
  });

  it.each([
    ['an unknown kind', 'token', env, '--auth is one of none, bearer, basic, not "token"'],
    ['bearer without its variable', 'bearer', {}, '--auth bearer reads the token from NADIR_DICOMWEB_TOKEN, which is not set'],
    ['basic without a password', 'basic', { NADIR_DICOMWEB_USER: 'corelab' }, 'NADIR_DICOMWEB_PASSWORD is not set'],
    ['basic with nothing', 'basic', {}, 'NADIR_DICOMWEB_USER and NADIR_DICOMWEB_PASSWORD are not set'],
  ])('names %s, and never a value', (_name, auth, given, message) => {
    const result = credentialsFromEnv(auth, given);
    expect(result.kind).toBe('problem');
    expect(result.kind === 'problem' && result.message).toContain(message);
    expect(JSON.stringify(result)).not.toMatch(/s3cret|abc\.def|corelab/);
  });
});
