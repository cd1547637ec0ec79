import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';

export type FileFormat = 'csv' | 'jsonl';

/** A raw record with the line it came from, or the reason the line could not be read. */
export type RawRecord = { line: number; record: Record<string, unknown> } | { line: number; unreadable: string };

/** Picks the format from the file extension; `.ndjson` counts as JSON Lines. */
export function formatOf(uri: string): FileFormat {
  const path = uri.split('?')[0]!.toLowerCase();
  if (path.endsWith('.csv')) return 'csv';
  if (path.endsWith('.jsonl') || path.endsWith('.ndjson')) return 'jsonl';
  throw new Error(`cannot tell the format of "${uri}": use a .csv, .jsonl or .ndjson file, or pass format explicitly`);
}

/** Streams records one at a time, so a file larger than memory never loads whole. */
export function readRawRecords(stream: Readable, format: FileFormat): AsyncGenerator<RawRecord> {
  return format === 'csv' ? readCsv(stream) : readJsonLines(stream);
}

async function* readCsv(stream: Readable): AsyncGenerator<RawRecord> {
  // The header is line 1; `info.lines` is the line a record ends on, which is exact for
  // single-line records and points at the last line of a quoted multi-line one.
  const parser = stream.pipe(parse({ columns: true, info: true, skip_empty_lines: true, trim: true, bom: true }));
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    yield { line: info.lines, record };
  }
}

async function* readJsonLines(stream: Readable): AsyncGenerator<RawRecord> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      yield { line, unreadable: 'line is not valid JSON' };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield { line, unreadable: 'line is not a JSON object' };
      continue;
    }
    yield { line, record: value as Record<string, unknown> };
  }
}
