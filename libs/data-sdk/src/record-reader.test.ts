import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatOf, readRawRecords, type RawRecord } from './record-reader.ts';

async function collect(text: string, format: 'csv' | 'jsonl') {
  const out: RawRecord[] = [];
  for await (const r of readRawRecords(Readable.from([text]), format)) out.push(r);
  return out;
}

describe('readRawRecords', () => {
  it('reads CSV with the header as line 1 and each record tagged with its line', async () => {
    const rows = await collect('id,name\n1,ada\n\n2,"grace"\n', 'csv');
    expect(rows).toEqual([
      { line: 2, record: { id: '1', name: 'ada' } },
      { line: 4, record: { id: '2', name: 'grace' } },
    ]);
  });

  it('reads JSON Lines and flags unreadable lines without stopping', async () => {
    const rows = await collect('{"a":1}\nnot json\n[1]\n\n{"a":2}\n', 'jsonl');
    expect(rows).toEqual([
      { line: 1, record: { a: 1 } },
      { line: 2, unreadable: 'line is not valid JSON' },
      { line: 3, unreadable: 'line is not a JSON object' },
      { line: 5, record: { a: 2 } },
    ]);
  });

  it('picks the format from the extension and explains an unknown one', () => {
    expect(formatOf('s3://bucket/sales.CSV')).toBe('csv');
    expect(formatOf('/data/events.ndjson')).toBe('jsonl');
    expect(() => formatOf('/data/events.parquet')).toThrow(/\.csv, \.jsonl or \.ndjson/);
  });
});
