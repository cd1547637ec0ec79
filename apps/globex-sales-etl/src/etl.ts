import { createStorage, readValidated, type Storage, validateRecord } from '@workbench/data-sdk';
import type { Logger } from '@workbench/platform-sdk';
import { RevenueAggregator, toCsv } from './aggregate.js';
import { revenueContract, salesContract } from './sales-contract.js';

export interface EtlOptions {
  inputUri: string;
  outputUri: string;
  /** Abort without writing when more than this share of rows is invalid. */
  maxInvalidRatio: number;
  logger: Logger;
  storage?: Storage;
}

export interface EtlResult {
  rowsRead: number;
  rowsRejected: number;
  groups: number;
  totalRevenue: number;
}

export class InputQualityError extends Error {}

/** Extract (stream and validate), transform (revenue per line), load (aggregates as CSV). */
export async function runSalesEtl(options: EtlOptions): Promise<EtlResult> {
  const storage = options.storage ?? createStorage();
  const { records, report } = readValidated(salesContract, options.inputUri, { storage });
  const aggregator = new RevenueAggregator();
  for await (const sale of records) aggregator.add(sale);

  for (const error of report.errors) options.logger.warn('row rejected by contract', { ...error, contract: report.contract });
  const invalidRatio = report.rows === 0 ? 1 : report.invalid / report.rows;
  if (invalidRatio > options.maxInvalidRatio) {
    throw new InputQualityError(
      `${report.invalid} of ${report.rows} rows in ${options.inputUri} are invalid; nothing written (limit ${options.maxInvalidRatio * 100}%)`,
    );
  }

  const rows = aggregator.result();
  // The output is checked against its own contract before anyone downstream can read it.
  rows.forEach((row, i) => {
    const checked = validateRecord(revenueContract, row, i + 2);
    if (!checked.ok) throw new Error(`output row ${i + 2} breaks ${revenueContract.name}: ${checked.errors[0]!.field}`);
  });
  await storage.write(options.outputUri, toCsv(rows));
  const result = {
    rowsRead: report.rows,
    rowsRejected: report.invalid,
    groups: rows.length,
    totalRevenue: Math.round(rows.reduce((sum, r) => sum + r.revenue * 100, 0)) / 100,
  };
  options.logger.info('etl finished', { ...result, output: options.outputUri });
  return result;
}
