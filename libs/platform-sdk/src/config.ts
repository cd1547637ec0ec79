import { z } from 'zod';

/** Raised when environment variables do not match the schema; names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      'Invalid configuration from environment variables:\n' +
        problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/**
 * Parses environment variables into a typed config. The schema's keys are the variable names;
 * use `z.coerce.number()` and friends, since every variable arrives as a string.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const picked: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) picked[key] = env[key];
  const result = schema.safeParse(picked);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? '(root)');
      const given = picked[variable];
      const message =
        given === undefined ? `is required but not set (${issue.message})` : `${issue.message} (got "${given}")`;
      return { variable, message };
    }),
  );
}
