import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the proxy answered: whether it was a preflight, and whether its credentials were the expected ones. */
export interface ProxiedRequest {
  method: string;
  path: string;
  authorized: boolean;
}

export interface AuthProxy {
  origin: string;
  /** the Authorization header value it lets through; changed by the test (a bearer token, then basic) */
  expected: string;
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

/**
 * What a hospital puts in front of a PACS that knows neither CORS nor tokens (the test Orthanc has
 * neither): a reverse proxy on another origin that answers CORS preflights for the app's origin
 * only, refuses (401) every request without the expected Authorization header, and forwards the
 * others to Orthanc. Its CORS headers are on the refusals too, or the page could not read the 401.
 */
export async function startAuthProxy(targetPort: number, appOrigin: string, expected: string): Promise<AuthProxy> {
  const requests: ProxiedRequest[] = [];
  const proxy: AuthProxy = { origin: '', expected, requests, close: async () => {} };
  const cors = (req: IncomingMessage): Record<string, string> =>
    req.headers.origin === appOrigin ? { 'Access-Control-Allow-Origin': appOrigin, Vary: 'Origin' } : {};

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    if (req.method === 'OPTIONS') {
      requests.push({ method: 'OPTIONS', path, authorized: false });
      res.writeHead(204, { ...cors(req), 'Access-Control-Allow-Methods': 'GET, POST', 'Access-Control-Allow-Headers': 'Authorization, Accept, Content-Type', 'Access-Control-Max-Age': '600' });
      res.end();
      return;
    }
    const authorized = req.headers.authorization === proxy.expected;
    requests.push({ method: req.method ?? 'GET', path, authorized });
    if (!authorized) {
      req.resume();
      res.writeHead(401, { ...cors(req), 'WWW-Authenticate': 'Bearer realm="test PACS"', 'Content-Type': 'text/plain' });
      res.end('unauthorized');
      return;
    }
    const { authorization: _dropped, host: _host, ...headers } = req.headers;
    const upstream = forward({ host: '127.0.0.1', port: targetPort, method: req.method, path, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, { ...answer.headers, ...cors(req) });
      answer.pipe(res);
    });
    upstream.on('error', (error) => {
      res.writeHead(502, cors(req));
      res.end(error.message);
    });
    req.pipe(upstream);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return proxy;
}
