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

  /** Registers `source` as a new version of `modelName`, creating the registered model if needed. */
  async registerModelVersion(modelName: string, source: string, runId: string): Promise<string> {
    // 400 is RESOURCE_ALREADY_EXISTS: the model was registered by an earlier run.
    await this.call('POST', 'registered-models/create', { name: modelName }, [400]);
    const response = await this.call<{ model_version: { version: string } }>('POST', 'model-versions/create', {
      name: modelName,
      source,
      run_id: runId,
    });
    return response!.model_version.version;
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
