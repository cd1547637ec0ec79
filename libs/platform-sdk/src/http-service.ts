import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './logger.ts';
import type { ServiceMetrics } from './metrics.ts';

export interface HttpResponse {
  status: number;
  body: unknown;
}

/** A route handler gets the parsed JSON body (or undefined) and returns a JSON response. */
export type RouteHandler = (request: { body: unknown; headers: IncomingMessage['headers'] }) => Promise<HttpResponse> | HttpResponse;

/** A readiness check returns true when the dependency it guards can take traffic. */
export type ReadinessCheck = () => Promise<boolean> | boolean;

export interface HttpServiceOptions {
  logger: Logger;
  metrics: ServiceMetrics;
  /** Routes keyed by `METHOD /path`, e.g. `POST /v1/score`. */
  routes: Record<string, RouteHandler>;
  readinessChecks?: Record<string, ReadinessCheck>;
  /** Request bodies above this size are refused with 413. Default 1 MiB. */
  maxBodyBytes?: number;
}

export interface HttpService {
  server: Server;
  /** Listens on `port` (0 picks a free one) and resolves with the port bound. */
  listen(port: number, host?: string): Promise<number>;
  /** Stops taking traffic: readiness fails first, then open connections drain. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A small JSON HTTP service with the endpoints Kubernetes and Prometheus expect:
 * `GET /healthz` (liveness), `GET /readyz` (readiness, runs every check), `GET /metrics`.
 */
export function createHttpService(options: HttpServiceOptions): HttpService {
  const { logger, metrics, routes } = options;
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  let shuttingDown = false;

  const builtIns: Record<string, RouteHandler> = {
    'GET /healthz': () => ({ status: 200, body: { status: 'ok' } }),
    'GET /readyz': async () => {
      if (shuttingDown) return { status: 503, body: { status: 'shutting-down' } };
      const results: Record<string, boolean> = {};
      for (const [name, check] of Object.entries(options.readinessChecks ?? {})) {
        results[name] = await Promise.resolve()
          .then(check)
          .catch(() => false);
      }
      const ready = Object.values(results).every(Boolean);
      return { status: ready ? 200 : 503, body: { status: ready ? 'ready' : 'not-ready', checks: results } };
    },
  };

  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = `${req.method} ${path}`;
    const stopTimer = metrics.httpDuration.startTimer({ method: req.method, route: path });
    const send = (status: number, body: string, contentType = 'application/json') => {
      res.writeHead(status, { 'content-type': contentType });
      res.end(body);
      metrics.httpRequests.inc({ method: req.method, route: path, status: String(status) });
      stopTimer();
    };
    try {
      if (route === 'GET /metrics') {
        return send(200, await metrics.registry.metrics(), metrics.registry.contentType);
      }
      const handler = builtIns[route] ?? routes[route];
      if (!handler) return send(404, JSON.stringify({ error: `no route for ${route}` }));
      const body = await readJsonBody(req, maxBodyBytes);
      const response = await handler({ body, headers: req.headers });
      send(response.status, JSON.stringify(response.body));
    } catch (error) {
      if (error instanceof HttpError) return send(error.status, JSON.stringify({ error: error.message }));
      logger.error('request failed', { route, error });
      send(500, JSON.stringify({ error: 'internal error' }));
    }
  });

  return {
    server,
    listen: (port, host = '0.0.0.0') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      }),
    close: () =>
      new Promise((resolve, reject) => {
        shuttingDown = true;
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

/** Throw from a route handler to answer with a client error instead of a 500. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new HttpError(413, `request body exceeds ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
}
