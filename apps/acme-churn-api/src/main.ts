import { createStorage, readText } from '@workbench/data-sdk';
import { pinnedModelFromEnv, registerModelAge } from '@workbench/ml-sdk';
import { createLogger, createMetrics, loadConfig, onShutdown } from '@workbench/platform-sdk';
import { z } from 'zod';
import { createChurnApi } from './app.js';
import { ChurnModel } from './churn-model.js';

const config = loadConfig(
  z.object({
    PORT: z.coerce.number().int().min(1024).max(65535).default(8080),
    MODEL_PATH: z.string().default('model/churn-model.json'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  }),
);
const logger = createLogger({ service: 'acme-churn-api', level: config.LOG_LEVEL });
// The version the environment pins (workloads:models), fetched from the lake and checked against
// its hash; without a pin, the model the image carries.
const pin = pinnedModelFromEnv();
const model = pin ? ChurnModel.fromPinned(await readText(createStorage(), pin.uri), pin.uri, pin.sha256) : await ChurnModel.load(config.MODEL_PATH);
const metrics = createMetrics('acme-churn-api');
// How old the serving version is: ModelTooOld fires when none newer is released in time.
if (pin?.registeredAt) registerModelAge(metrics.registry, model.name, { version: pin.version, registeredAt: pin.registeredAt });
const api = createChurnApi(model, logger, metrics);
const port = await api.listen(config.PORT);
logger.info('listening', { port, modelVersion: model.version });
onShutdown({ logger, steps: [{ name: 'http', run: () => api.close() }] });
