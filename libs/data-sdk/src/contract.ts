import { z } from 'zod';

/** A dataset's schema, declared once and used to validate records, files and pipeline outputs. */
export interface DataContract<S extends z.ZodObject = z.ZodObject> {
  name: string;
  version: number;
  description?: string;
  schema: S;
}

export type RecordOf<C extends DataContract> = z.infer<C['schema']>;

/** One problem in one row: the 1-based line in the file, the field, and what was wrong. */
export interface RowError {
  line: number;
  field: string;
  message: string;
}

export type RecordResult<T> = { ok: true; record: T } | { ok: false; errors: RowError[] };

/**
 * Declares a data contract. Fields in CSV files arrive as strings, so numeric fields should use
 * `z.coerce.number()`; JSON Lines values keep their JSON types.
 */
export function defineContract<S extends z.ZodObject>(contract: DataContract<S>): DataContract<S> {
  if (!/^[a-z][a-z0-9-]*$/.test(contract.name)) {
    throw new Error(`contract name "${contract.name}" must be lowercase letters, digits and dashes`);
  }
  return contract;
}

/** Validates one record; `line` is carried into every error so reports point at the file. */
export function validateRecord<S extends z.ZodObject>(
  contract: DataContract<S>,
  record: unknown,
  line: number,
): RecordResult<z.infer<S>> {
  const result = contract.schema.safeParse(record);
  if (result.success) return { ok: true, record: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => ({
      line,
      field: issue.path.length ? issue.path.join('.') : '(record)',
      message: issue.message,
    })),
  };
}
