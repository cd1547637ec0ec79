export { ConfigError, loadConfig } from './config.ts';
export { createLogger, type Logger, type LoggerOptions, type LogLevel, type LogFields } from './logger.ts';
export { createMetrics, type ServiceMetrics } from './metrics.ts';
export {
  createHttpService,
  HttpError,
  type HttpResponse,
  type HttpService,
  type HttpServiceOptions,
  type ReadinessCheck,
  type RouteHandler,
} from './http-service.ts';
export { onShutdown, type ShutdownOptions } from './shutdown.ts';
