import type { z } from 'zod';
import { type DataContract, type RowError, validateRecord } from './contract.ts';
import { type FileFormat, formatOf, readRawRecords } from './record-reader.ts';
import { createStorage, type Storage } from './storage.ts';

export interface ValidationReport {
  contract: string;
  source: string;
  rows: number;
  valid: number;
  invalid: number;
  /** The first `maxErrors` errors; `truncated` says whether more were dropped. */
  errors: RowError[];
  truncated: boolean;
}

export interface ReadOptions {
  format?: FileFormat;
  /** Errors kept in the report; counting goes on past it. Default 100. */
  maxErrors?: number;
  storage?: Storage;
}

/**
 * Streams the valid records of a file, skipping invalid ones; the report fills in as it goes
 * and is complete when iteration ends.
 */
export function readValidated<S extends z.ZodObject>(
  contract: DataContract<S>,
  uri: string,
  options: ReadOptions = {},
): { records: AsyncGenerator<z.infer<S>>; report: ValidationReport } {
  const report: ValidationReport = { contract: contract.name, source: uri, rows: 0, valid: 0, invalid: 0, errors: [], truncated: false };
  const maxErrors = options.maxErrors ?? 100;
  const keep = (errors: RowError[]) => {
    for (const error of errors) {
      if (report.errors.length < maxErrors) report.errors.push(error);
      else report.truncated = true;
    }
  };
  async function* records() {
    const storage = options.storage ?? createStorage();
    const stream = await storage.openRead(uri);
    for await (const raw of readRawRecords(stream, options.format ?? formatOf(uri))) {
      report.rows += 1;
      if ('unreadable' in raw) {
        report.invalid += 1;
        keep([{ line: raw.line, field: '(line)', message: raw.unreadable }]);
        continue;
      }
      const result = validateRecord(contract, raw.record, raw.line);
      if (result.ok) {
        report.valid += 1;
        yield result.record;
      } else {
        report.invalid += 1;
        keep(result.errors);
      }
    }
  }
  return { records: records(), report };
}

/** Validates a whole file against a contract without keeping its records. */
export async function validateFile<S extends z.ZodObject>(
  contract: DataContract<S>,
  uri: string,
  options: ReadOptions = {},
): Promise<ValidationReport> {
  const { records, report } = readValidated(contract, uri, options);
  for await (const _record of records) {
    // Only the report is wanted; records are dropped as they stream past.
  }
  return report;
}

/** A readable, line-per-error summary for logs and CI output. */
export function formatReport(report: ValidationReport): string {
  const head = `${report.source}: ${report.valid}/${report.rows} rows valid against contract "${report.contract}"`;
  const lines = report.errors.map((e) => `  line ${e.line}, field ${e.field}: ${e.message}`);
  if (report.truncated) lines.push(`  … more errors not shown`);
  return [head, ...lines].join('\n');
}
