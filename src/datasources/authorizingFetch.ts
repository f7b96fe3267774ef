import { DicomWebAuthError, DicomWebError, type DicomWebFetch } from './dicomWeb';
import type { CredentialsStore } from './pacsCredentials';

/** Whether a URL is the configured server's base or below it (never a server merely sharing its prefix). */
const isBelow = (url: string, baseUrl: string) => url === baseUrl || url.startsWith(`${baseUrl}/`) || url.startsWith(`${baseUrl}?`);

/**
 * A DICOMweb fetch that adds the Authorization header to requests to the configured server, refuses
 * to send without credentials when the server asks for them, and drops them when the server refuses
 * them (401, 403), so that the panel asks again.
 */
export function authorizingFetch(fetchUrl: DicomWebFetch, store: CredentialsStore, configuredBaseUrl: string): DicomWebFetch {
  return async (url, init) => {
    if (store.auth === 'none') return fetchUrl(url, init);
    if (!isBelow(url, configuredBaseUrl)) throw new DicomWebError(`${configuredBaseUrl} is the only DICOMweb server this deployment allows`);
    const authorization = store.authorization();
    if (!authorization) {
      // refused by an earlier request (another retrieval, in the background): the prompt is on screen already
      throw new DicomWebAuthError(store.state() === 'refused' ? 'the PACS refused the credentials: enter them again' : 'the PACS asks for credentials: enter them in the PACS panel of the start screen');
    }
    const response = await fetchUrl(url, { ...init, headers: { ...init.headers, Authorization: authorization } });
    // an answer to credentials already replaced says nothing about the new ones
    if ((response.status === 401 || response.status === 403) && store.authorization() === authorization) store.refused();
    return response;
  };
}
