import { createLogger, loadConfig } from '@workbench/platform-sdk';
import { z } from 'zod';
import { InputQualityError, runSalesEtl } from './etl.js';

const config = loadConfig(
  z.object({
    INPUT_URI: z.string().default('data/sales.csv'),
    OUTPUT_URI: z.string().default('dist/output/monthly-revenue.csv'),
    MAX_INVALID_RATIO: z.coerce.number().min(0).max(1).default(0.02),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  }),
);
const logger = createLogger({ service: 'globex-sales-etl', level: config.LOG_LEVEL });

try {
  await runSalesEtl({ inputUri: config.INPUT_URI, outputUri: config.OUTPUT_URI, maxInvalidRatio: config.MAX_INVALID_RATIO, logger });
} catch (error) {
  logger.error('etl failed', { error });
  process.exitCode = error instanceof InputQualityError ? 2 : 1;
}
