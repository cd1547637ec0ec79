import { createHttpService, HttpError, type HttpService, type Logger, type ServiceMetrics } from '@workbench/platform-sdk';
import { registerDriftMetrics } from '@workbench/ml-sdk';
import { z } from 'zod';
import { type ChurnModel, scoreRequest } from './churn-model.js';

const batchRequest = z.strictObject({ customers: z.array(scoreRequest).min(1).max(1000) });

/** The churn API: POST /v1/score for one customer, POST /v1/score/batch for up to 1,000. */
export function createChurnApi(model: ChurnModel, logger: Logger, metrics: ServiceMetrics): HttpService {
  // Drift of live requests against the training data, on /metrics beside the HTTP metrics.
  if (model.drift) registerDriftMetrics(metrics.registry, model.drift, model.name);
  const parse = <T>(schema: z.ZodType<T>, body: unknown): T => {
    const result = schema.safeParse(body);
    if (result.success) return result.data;
    const issue = result.error.issues[0]!;
    throw new HttpError(422, `${issue.path.join('.') || 'body'}: ${issue.message}`);
  };
  return createHttpService({
    logger,
    metrics,
    readinessChecks: { model: () => model.version.length > 0 },
    routes: {
      'POST /v1/score': ({ body }) => ({ status: 200, body: model.score(parse(scoreRequest, body)) }),
      'POST /v1/score/batch': ({ body }) => ({
        status: 200,
        body: { scores: parse(batchRequest, body).customers.map((c) => model.score(c)) },
      }),
      'GET /v1/model': () => ({ status: 200, body: { name: 'acme-churn', version: model.version } }),
    },
  });
}
