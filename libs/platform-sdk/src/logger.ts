export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line it writes. */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  service: string;
  /** Lines below this level are dropped. Default `info`. */
  level?: LogLevel;
  /** Where lines go. Default: stdout. */
  write?: (line: string) => void;
  /** Clock for the `time` field. Default: `new Date()`. */
  now?: () => Date;
}

/** Structured logging: one JSON object per line, the format log collectors parse without config. */
export function createLogger(options: LoggerOptions, bound: LogFields = {}): Logger {
  const minimum = LEVEL_ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(line + '\n'));
  const now = options.now ?? (() => new Date());
  const log = (level: LogLevel) => (msg: string, fields: LogFields = {}) => {
    if (LEVEL_ORDER[level] < minimum) return;
    const entry = { time: now().toISOString(), level, service: options.service, msg, ...bound, ...fields };
    write(JSON.stringify(entry, (_key, value: unknown) => (value instanceof Error ? serializeError(value) : value)));
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}

function serializeError(error: Error) {
  return { name: error.name, message: error.message, stack: error.stack };
}
