import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { createStorage, parseS3Url, readText } from './storage.ts';

async function text(stream: Readable) {
  let out = '';
  for await (const chunk of stream) out += chunk;
  return out;
}

describe('parseS3Url', () => {
  it('splits bucket and key, and rejects a URL without a key', () => {
    expect(parseS3Url('s3://lake/raw/sales.csv')).toEqual({ bucket: 'lake', key: 'raw/sales.csv' });
    expect(parseS3Url('/tmp/x.csv')).toBeUndefined();
    expect(() => parseS3Url('s3://lake')).toThrow(/s3:\/\/<bucket>\/<key>/);
  });
});

describe('createStorage', () => {
  it('writes local files atomically, creating folders, leaving no temp files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'storage-'));
    const storage = createStorage();
    const target = join(dir, 'out', 'result.json');
    await storage.write(target, '{"ok":true}');
    expect(await readFile(target, 'utf8')).toBe('{"ok":true}');
    expect(await readdir(join(dir, 'out'))).toEqual(['result.json']);
    expect(await text(await storage.openRead(`file://${target}`))).toBe('{"ok":true}');
  });

  it('reads and writes s3:// URLs through the S3 client', async () => {
    const s3 = new S3Client({ region: 'eu-west-1' });
    const mock = mockClient(s3);
    mock.on(GetObjectCommand, { Bucket: 'lake', Key: 'in/sales.csv' }).resolves({ Body: Readable.from(['a,b\n1,2\n']) as never });
    mock.on(PutObjectCommand).resolves({});
    const storage = createStorage({ s3 });
    expect(await text(await storage.openRead('s3://lake/in/sales.csv'))).toBe('a,b\n1,2\n');
    // The whole object as text, as a serving app fetches its pinned model (chunks joined, UTF-8 kept).
    mock.on(GetObjectCommand, { Bucket: 'lake', Key: 'models/m.json' }).resolves({ Body: Readable.from([Buffer.from('{"name":"ch'), Buffer.from('ürn"}')]) as never });
    expect(await readText(storage, 's3://lake/models/m.json')).toBe('{"name":"chürn"}');
    await storage.write('s3://lake/out/summary.json', '[]');
    const put = mock.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(put).toEqual({ Bucket: 'lake', Key: 'out/summary.json', Body: '[]' });
  });
});
