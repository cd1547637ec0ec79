import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, loadConfig } from './config.ts';

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  MODEL_PATH: z.string().min(1),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

describe('loadConfig', () => {
  it('parses and coerces variables, applying defaults', () => {
    const config = loadConfig(schema, { MODEL_PATH: '/models/a.json', PORT: '9000' });
    expect(config).toEqual({ PORT: 9000, MODEL_PATH: '/models/a.json', LOG_LEVEL: 'info' });
  });

  it('ignores variables the schema does not declare', () => {
    const config = loadConfig(schema, { MODEL_PATH: 'm', SECRET_TOKEN: 'x' });
    expect(config).not.toHaveProperty('SECRET_TOKEN');
  });

  it('names every bad variable, what was given and what was wrong', () => {
    let error: unknown;
    try {
      loadConfig(schema, { PORT: 'eighty', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems.map((p) => p.variable).sort()).toEqual(['LOG_LEVEL', 'MODEL_PATH', 'PORT']);
    expect(message).toContain('MODEL_PATH: is required but not set');
    expect(message).toMatch(/PORT: .*\(got "eighty"\)/);
    expect(message).toMatch(/LOG_LEVEL: .*\(got "loud"\)/);
  });
});
