export { ConfigError, loadConfig } from './config.js';
export { createLogger, type Logger, type LoggerOptions, type LogLevel, type LogFields } from './logger.js';
export { createMetrics, type ServiceMetrics } from './metrics.js';
export {
  createHttpService,
  HttpError,
  type HttpResponse,
  type HttpService,
  type HttpServiceOptions,
  type ReadinessCheck,
  type RouteHandler,
} from './http-service.js';
export { onShutdown, type ShutdownOptions } from './shutdown.js';
