import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

type Json = Record<string, unknown>;
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
}
interface Operation {
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Json }> } | { $ref: string };
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: Json;
}

const require = createRequire(import.meta.url);
let spec: Spec | undefined;
/** GitHub's published OpenAPI description of api.github.com, shipped by @octokit/openapi. */
function githubSpec(): Spec {
  spec ??= JSON.parse(readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8')) as Spec;
  return spec;
}

function resolve<T>(value: T | { $ref: string }): T {
  if (value && typeof value === 'object' && '$ref' in value) {
    let node: unknown = githubSpec();
    for (const part of (value as { $ref: string }).$ref.replace(/^#\//, '').split('/')) node = (node as Json)[part];
    return node as T;
  }
  return value as T;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The OpenAPI path template it matched, e.g. /repos/{owner}/{repo}/issues/{issue_number}/comments. */
  template: string;
  query: Record<string, string>;
  body: unknown;
}

export type Handler = (request: RecordedRequest) => { status: number; body?: unknown; headers?: Record<string, string> };

/**
 * A stand-in for api.github.com on 127.0.0.1. Every request is checked against GitHub's OpenAPI
 * description before a handler sees it: an undocumented path or method, an unknown or missing
 * required query parameter, or a body missing a required field is answered with 400 and kept in
 * `violations`, which tests assert is empty.
 */
export class GitHubApiServer {
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  private server: Server | undefined;
  /** `http://127.0.0.1:<port>` once started. */
  baseUrl = '';
  private readonly templates: { template: string; pattern: RegExp }[];

  constructor(private readonly handlers: Record<string, Handler>) {
    this.templates = Object.keys(githubSpec().paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/[.+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }));
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body, headers }) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(body === undefined ? '' : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body?: unknown; headers?: Record<string, string> }> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toLowerCase();
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = raw ? (JSON.parse(raw) as unknown) : undefined;
    const query = Object.fromEntries(url.searchParams);

    const problems: string[] = [];
    const match = this.templates.filter((t) => t.pattern.test(url.pathname));
    // Literal segments win over parameters, as in GitHub's router.
    const template = match.sort((a, b) => b.template.replace(/\{[^}]+\}/g, '').length - a.template.replace(/\{[^}]+\}/g, '').length)[0]?.template;
    const operation = template ? githubSpec().paths[template]![method] : undefined;
    if (!template) problems.push(`undocumented path ${url.pathname}`);
    else if (!operation) problems.push(`undocumented method ${method.toUpperCase()} for ${template}`);
    else {
      const parameters = (operation.parameters ?? []).map((p) => resolve<Parameter>(p));
      const queryNames = parameters.filter((p) => p.in === 'query').map((p) => p.name);
      for (const name of Object.keys(query)) if (!queryNames.includes(name)) problems.push(`unknown query parameter "${name}" for ${method.toUpperCase()} ${template}`);
      for (const p of parameters) if (p.in === 'query' && p.required && !(p.name in query)) problems.push(`missing required query parameter "${p.name}"`);
      const requestBody = operation.requestBody ? resolve(operation.requestBody) : undefined;
      const schema = resolve((requestBody as { content?: Record<string, { schema?: Json }> } | undefined)?.content?.['application/json']?.schema ?? {}) as Json;
      if (requestBody && (requestBody as { required?: boolean }).required && body === undefined) problems.push(`missing request body for ${method.toUpperCase()} ${template}`);
      for (const field of (schema.required as string[] | undefined) ?? []) {
        if (!body || typeof body !== 'object' || !(field in body)) problems.push(`missing required body field "${field}" for ${method.toUpperCase()} ${template}`);
      }
    }
    const request: RecordedRequest = { method: method.toUpperCase(), path: url.pathname, template: template ?? '', query, body };
    this.requests.push(request);
    if (problems.length) {
      this.violations.push(...problems);
      return { status: 400, body: { message: problems.join('; ') } };
    }
    const handler = this.handlers[`${request.method} ${template}`];
    if (!handler) {
      this.violations.push(`no handler for ${request.method} ${template}`);
      return { status: 501, body: { message: 'not implemented by the test server' } };
    }
    return handler(request);
  }
}
