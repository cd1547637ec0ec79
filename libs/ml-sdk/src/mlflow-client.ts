/**
 * A client for the MLflow tracking REST API (2.0): runs, params, metrics and the model registry.
 * Jobs call `mlflowFromEnv()`, which returns undefined when MLFLOW_TRACKING_URI is unset, so
 * tracking is opt-in and local runs need no server.
 */
export interface MlflowClientOptions {
  trackingUri: string;
  /** Sent as a bearer token when set (MLFLOW_TRACKING_TOKEN). */
  token?: string;
  fetch?: typeof fetch;
  now?: () => number;
}

/** A key and value, as MLflow returns run, version and model tags. */
export interface MlflowTag {
  key: string;
  value: string;
}

/** A registered model version (MLflow's `ModelVersion`), the fields Workbench reads. */
export interface MlflowModelVersion {
  name: string;
  version: string;
  creation_timestamp?: number;
  source?: string;
  run_id?: string;
  status?: string;
  tags?: MlflowTag[];
}

/** A run (MLflow's `Run`): its info and the metrics, params and tags logged on it. */
export interface MlflowRun {
  info: { run_id: string; status?: string; start_time?: number; end_time?: number };
  data: { metrics?: { key: string; value: number; timestamp?: number; step?: number }[]; params?: MlflowTag[]; tags?: MlflowTag[] };
}

export class MlflowError extends Error {
  constructor(
    readonly status: number,
    readonly endpoint: string,
    body: string,
  ) {
    super(`MLflow ${endpoint} failed with HTTP ${status}: ${body.slice(0, 300)}`);
    this.name = 'MlflowError';
  }
}

export class MlflowClient {
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;

  constructor(private readonly options: MlflowClientOptions) {
    this.base = options.trackingUri.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
  }

  /** Finds the experiment by name, creating it when missing; returns its id. */
  async ensureExperiment(name: string): Promise<string> {
    const found = await this.call<{ experiment?: { experiment_id: string } }>(
      'GET',
      `experiments/get-by-name?experiment_name=${encodeURIComponent(name)}`,
      undefined,
      [404],
    );
    if (found?.experiment) return found.experiment.experiment_id;
    const created = await this.call<{ experiment_id: string }>('POST', 'experiments/create', { name });
    return created!.experiment_id;
  }

  async createRun(experimentId: string, runName: string, tags: Record<string, string> = {}): Promise<string> {
    const response = await this.call<{ run: { info: { run_id: string } } }>('POST', 'runs/create', {
      experiment_id: experimentId,
      run_name: runName,
      start_time: this.now(),
      tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
    });
    return response!.run.info.run_id;
  }

  async logParam(runId: string, key: string, value: string | number | boolean): Promise<void> {
    await this.call('POST', 'runs/log-parameter', { run_id: runId, key, value: String(value) });
  }

  async logMetric(runId: string, key: string, value: number, step = 0): Promise<void> {
    await this.call('POST', 'runs/log-metric', { run_id: runId, key, value, timestamp: this.now(), step });
  }

  async endRun(runId: string, status: 'FINISHED' | 'FAILED' = 'FINISHED'): Promise<void> {
    await this.call('POST', 'runs/update', { run_id: runId, status, end_time: this.now() });
  }

  async setRunTag(runId: string, key: string, value: string): Promise<void> {
    await this.call('POST', 'runs/set-tag', { run_id: runId, key, value });
  }

  async getRun(runId: string): Promise<MlflowRun> {
    const response = await this.call<{ run: MlflowRun }>('GET', `runs/get?run_id=${encodeURIComponent(runId)}`);
    return response!.run;
  }

  /** Registers `source` as a new version of `modelName`, creating the registered model if needed. */
  async registerModelVersion(modelName: string, source: string, runId: string, tags: Record<string, string> = {}): Promise<string> {
    // 400 is RESOURCE_ALREADY_EXISTS: the model was registered by an earlier run.
    await this.call('POST', 'registered-models/create', { name: modelName }, [400]);
    const response = await this.call<{ model_version: { version: string } }>('POST', 'model-versions/create', {
      name: modelName,
      source,
      run_id: runId,
      ...(Object.keys(tags).length ? { tags: Object.entries(tags).map(([key, value]) => ({ key, value })) } : {}),
    });
    return response!.model_version.version;
  }

  /** Every version of a registered model (all pages); none when the model is not registered. */
  async modelVersions(modelName: string): Promise<MlflowModelVersion[]> {
    const versions: MlflowModelVersion[] = [];
    let pageToken: string | undefined;
    do {
      const query = new URLSearchParams({ filter: `name='${modelName.replaceAll("'", "\\'")}'`, max_results: '200' });
      if (pageToken) query.set('page_token', pageToken);
      const page = await this.call<{ model_versions?: MlflowModelVersion[]; next_page_token?: string }>('GET', `model-versions/search?${query}`);
      versions.push(...(page?.model_versions ?? []));
      pageToken = page?.next_page_token || undefined;
    } while (pageToken);
    return versions;
  }

  /** Calls one endpoint; statuses in `tolerated` return undefined instead of throwing. */
  private async call<T>(method: 'GET' | 'POST', endpoint: string, body?: unknown, tolerated: number[] = []): Promise<T | undefined> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    const response = await this.fetchImpl(`${this.base}/api/2.0/mlflow/${endpoint}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (tolerated.includes(response.status)) return undefined;
    if (!response.ok) throw new MlflowError(response.status, endpoint, text);
    return (text ? JSON.parse(text) : {}) as T;
  }
}

/** A client when MLFLOW_TRACKING_URI is set, otherwise undefined: tracking is opt-in. */
export function mlflowFromEnv(env: Record<string, string | undefined> = process.env): MlflowClient | undefined {
  const trackingUri = env.MLFLOW_TRACKING_URI;
  if (!trackingUri) return undefined;
  return new MlflowClient({ trackingUri, ...(env.MLFLOW_TRACKING_TOKEN ? { token: env.MLFLOW_TRACKING_TOKEN } : {}) });
}
