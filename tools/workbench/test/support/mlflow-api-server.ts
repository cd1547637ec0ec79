import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Field {
  type: string;
  required?: boolean;
}
interface Description {
  basePath: string;
  endpoints: Record<string, { method: 'GET' | 'POST'; request: Record<string, Field>; response: Record<string, string> }>;
  structures: Record<string, Record<string, string>>;
  enums: Record<string, string[]>;
}

/** MLflow's published REST API, the endpoints Workbench calls (transcribed from mlflow.org's reference). */
const API = JSON.parse(readFileSync(new URL('./mlflow-rest-api.json', import.meta.url), 'utf8')) as Description;

/** Problems of a value against a type of the description: STRING, INT64, DOUBLE, an enum, a structure, `[T]`. */
function typeProblems(value: unknown, type: string, where: string): string[] {
  const list = /^\[(.+)\]$/.exec(type);
  if (list) return Array.isArray(value) ? value.flatMap((item, i) => typeProblems(item, list[1]!, `${where}[${i}]`)) : [`${where}: expected a list of ${list[1]}`];
  if (type === 'STRING') return typeof value === 'string' ? [] : [`${where}: expected STRING, got ${JSON.stringify(value)}`];
  // JSON carries int64 as a number or a decimal string.
  if (type === 'INT64') return Number.isInteger(typeof value === 'string' ? Number(value) : value) ? [] : [`${where}: expected INT64, got ${JSON.stringify(value)}`];
  if (type === 'DOUBLE') return typeof value === 'number' ? [] : [`${where}: expected DOUBLE, got ${JSON.stringify(value)}`];
  if (API.enums[type]) return API.enums[type].includes(value as string) ? [] : [`${where}: ${JSON.stringify(value)} is not a ${type} (${API.enums[type].join(', ')})`];
  const structure = API.structures[type];
  if (!structure) throw new Error(`the description has no type ${type}`);
  return fieldsProblems(value, Object.fromEntries(Object.entries(structure).map(([name, t]) => [name, { type: t }])), where);
}

function fieldsProblems(value: unknown, fields: Record<string, Field>, where: string): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${where}: expected an object`];
  const problems: string[] = [];
  for (const [name, field] of Object.entries(value)) {
    if (!fields[name]) problems.push(`${where}: unknown field "${name}"`);
    else problems.push(...typeProblems(field, fields[name].type, `${where}.${name}`));
  }
  for (const [name, field] of Object.entries(fields)) if (field.required && !(name in value)) problems.push(`${where}: missing required field "${name}"`);
  return problems;
}

interface Version {
  name: string;
  version: string;
  creation_timestamp: number;
  source: string;
  run_id?: string;
  status: 'READY';
  tags: { key: string; value: string }[];
}
interface Run {
  info: { run_id: string; experiment_id: string; status: string; start_time?: number; end_time?: number; run_name?: string };
  data: { metrics: { key: string; value: number; timestamp: number; step: number }[]; params: { key: string; value: string }[]; tags: { key: string; value: string }[] };
}

type Answer = { status: number; body: Record<string, unknown> };
const notFound = (message: string): Answer => ({ status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message } });

/**
 * A stand-in for an MLflow tracking server on 127.0.0.1, with an in-memory registry. Every request
 * is checked against MLflow's published REST API before it is answered, and every answer before
 * it is sent: an undocumented endpoint, wrong method, unknown or mistyped field, or missing
 * required field is kept in `violations` (tests assert it is empty) and answered 400.
 */
export class MlflowApiServer {
  readonly violations: string[] = [];
  readonly requests: { endpoint: string; body: Record<string, unknown> }[] = [];
  readonly experiments = new Map<string, string>();
  readonly runs = new Map<string, Run>();
  readonly models = new Set<string>();
  readonly versions: Version[] = [];
  /** The registry's clock: creation times of versions registered through the API. */
  now = () => Date.parse('2026-11-24T03:00:00Z');
  /** Answer search with pages of this size, to exercise the client's paging. */
  pageSize = 2;
  private server: Server | undefined;
  baseUrl = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A run with metrics and a registered version of it, as a training app's run leaves them. */
  seedVersion(name: string, options: { metrics: Record<string, number>; tags: Record<string, string>; createdAt: string }): Version {
    const runId = `run-${this.runs.size + 1}`;
    this.runs.set(runId, {
      info: { run_id: runId, experiment_id: '1', status: 'FINISHED' },
      data: { metrics: Object.entries(options.metrics).map(([key, value]) => ({ key, value, timestamp: 0, step: 0 })), params: [], tags: [] },
    });
    this.models.add(name);
    const version: Version = {
      name,
      version: String(this.versions.filter((v) => v.name === name).length + 1),
      creation_timestamp: Date.parse(options.createdAt),
      source: options.tags['workbench.artifact'] ?? 'lake://models/unknown.json',
      run_id: runId,
      status: 'READY',
      tags: Object.entries(options.tags).map(([key, value]) => ({ key, value })),
    };
    this.versions.push(version);
    return version;
  }

  private async handle(req: IncomingMessage): Promise<Answer> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const endpoint = url.pathname.startsWith(API.basePath) ? url.pathname.slice(API.basePath.length) : url.pathname;
    const described = API.endpoints[endpoint];
    const problems: string[] = [];
    let body: Record<string, unknown> = {};
    if (!described) problems.push(`undocumented endpoint ${req.method} ${url.pathname}`);
    else if (described.method !== req.method) problems.push(`${endpoint} is ${described.method}, called with ${req.method}`);
    else if (req.method === 'GET') {
      body = Object.fromEntries(url.searchParams);
      const fields = Object.fromEntries(Object.entries(described.request).map(([name, field]) => [name, { ...field, type: field.type === '[STRING]' ? 'STRING' : field.type }]));
      problems.push(...fieldsProblems(body, fields, `${endpoint} query`));
    } else {
      if (req.headers['content-type'] !== 'application/json') problems.push(`${endpoint}: POST requests need content type application/json`);
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      problems.push(...fieldsProblems(body, described.request, `${endpoint} body`));
    }
    this.requests.push({ endpoint, body });
    if (problems.length) {
      this.violations.push(...problems);
      return { status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE', message: problems.join('; ') } };
    }
    const answer = this.answer(endpoint, body);
    const responseProblems = answer.status === 200 ? fieldsProblems(answer.body, Object.fromEntries(Object.entries(described!.response).map(([n, t]) => [n, { type: t }])), `${endpoint} response`) : [];
    this.violations.push(...responseProblems);
    return answer;
  }

  private answer(endpoint: string, body: Record<string, unknown>): Answer {
    const s = (name: string) => String(body[name] ?? '');
    switch (endpoint) {
      case 'experiments/get-by-name': {
        const id = this.experiments.get(s('experiment_name'));
        return id ? { status: 200, body: { experiment: { experiment_id: id, name: s('experiment_name') } } } : notFound(`no experiment ${s('experiment_name')}`);
      }
      case 'experiments/create': {
        const id = String(this.experiments.size + 1);
        this.experiments.set(s('name'), id);
        return { status: 200, body: { experiment_id: id } };
      }
      case 'runs/create': {
        const runId = `run-${this.runs.size + 1}`;
        const run: Run = { info: { run_id: runId, experiment_id: s('experiment_id'), status: 'RUNNING', run_name: s('run_name') }, data: { metrics: [], params: [], tags: (body.tags as Run['data']['tags']) ?? [] } };
        this.runs.set(runId, run);
        return { status: 200, body: { run } };
      }
      case 'runs/get': {
        const run = this.runs.get(s('run_id'));
        return run ? { status: 200, body: { run } } : notFound(`no run ${s('run_id')}`);
      }
      case 'runs/update': {
        const run = this.runs.get(s('run_id'));
        if (!run) return notFound(`no run ${s('run_id')}`);
        Object.assign(run.info, { status: s('status') || run.info.status, end_time: Number(body.end_time ?? 0) });
        return { status: 200, body: { run_info: run.info } };
      }
      case 'runs/log-metric':
      case 'runs/log-parameter':
      case 'runs/set-tag': {
        const run = this.runs.get(s('run_id'));
        if (!run) return notFound(`no run ${s('run_id')}`);
        if (endpoint === 'runs/log-metric') run.data.metrics.push({ key: s('key'), value: body.value as number, timestamp: Number(body.timestamp), step: Number(body.step ?? 0) });
        else (endpoint === 'runs/log-parameter' ? run.data.params : run.data.tags).push({ key: s('key'), value: s('value') });
        return { status: 200, body: {} };
      }
      case 'registered-models/create':
        if (this.models.has(s('name'))) return { status: 400, body: { error_code: 'RESOURCE_ALREADY_EXISTS', message: `registered model ${s('name')} exists` } };
        this.models.add(s('name'));
        return { status: 200, body: { registered_model: { name: s('name') } } };
      case 'model-versions/create': {
        if (!this.models.has(s('name'))) return notFound(`no registered model ${s('name')}`);
        const version: Version = {
          name: s('name'),
          version: String(this.versions.filter((v) => v.name === s('name')).length + 1),
          creation_timestamp: this.now(),
          source: s('source'),
          ...(body.run_id ? { run_id: s('run_id') } : {}),
          status: 'READY',
          tags: (body.tags as Version['tags']) ?? [],
        };
        this.versions.push(version);
        return { status: 200, body: { model_version: version } };
      }
      case 'model-versions/get': {
        const version = this.versions.find((v) => v.name === s('name') && v.version === s('version'));
        return version ? { status: 200, body: { model_version: version } } : notFound(`no version ${s('version')} of ${s('name')}`);
      }
      case 'model-versions/set-tag': {
        const version = this.versions.find((v) => v.name === s('name') && v.version === s('version'));
        if (!version) return notFound(`no version ${s('version')} of ${s('name')}`);
        version.tags = [...version.tags.filter((t) => t.key !== s('key')), { key: s('key'), value: s('value') }];
        return { status: 200, body: {} };
      }
      case 'model-versions/search': {
        // The filter grammar Workbench uses: name='<model>'.
        const name = /^name\s*=\s*'(.*)'$/.exec(s('filter'))?.[1];
        const matching = this.versions.filter((v) => name === undefined || v.name === name);
        const start = Number(body.page_token ?? 0);
        const size = Math.min(this.pageSize, Number(body.max_results ?? 1000));
        const page = matching.slice(start, start + size);
        return { status: 200, body: { model_versions: page, ...(start + size < matching.length ? { next_page_token: String(start + size) } : {}) } };
      }
      default:
        return { status: 501, body: { error_code: 'NOT_IMPLEMENTED', message: `the stand-in does not answer ${endpoint}` } };
    }
  }
}
