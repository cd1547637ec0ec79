import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

/** Reads and writes datasets by URI: a local path, `file://` URL, or `s3://bucket/key`. */
export interface Storage {
  openRead(uri: string): Promise<Readable>;
  write(uri: string, data: string | Uint8Array): Promise<void>;
}

export interface S3Location {
  bucket: string;
  key: string;
}

/** Splits `s3://bucket/some/key` into bucket and key; anything else is not an S3 URL. */
export function parseS3Url(uri: string): S3Location | undefined {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match) {
    if (uri.startsWith('s3://')) throw new Error(`"${uri}" is not a valid S3 URL: expected s3://<bucket>/<key>`);
    return undefined;
  }
  return { bucket: match[1]!, key: match[2]! };
}

function localPath(uri: string): string {
  return uri.startsWith('file://') ? new URL(uri).pathname : uri;
}

/**
 * Storage over the local filesystem and S3. The S3 client is created on first use so jobs that
 * only touch local files never need AWS credentials.
 */
export function createStorage(options: { s3?: S3Client } = {}): Storage {
  let s3 = options.s3;
  const client = () => (s3 ??= new S3Client({}));
  return {
    async openRead(uri) {
      const s3Location = parseS3Url(uri);
      if (!s3Location) return createReadStream(localPath(uri));
      const response = await client().send(new GetObjectCommand({ Bucket: s3Location.bucket, Key: s3Location.key }));
      if (!(response.Body instanceof Readable)) throw new Error(`S3 returned no readable body for ${uri}`);
      return response.Body;
    },
    async write(uri, data) {
      const s3Location = parseS3Url(uri);
      if (s3Location) {
        await client().send(new PutObjectCommand({ Bucket: s3Location.bucket, Key: s3Location.key, Body: data }));
        return;
      }
      await writeFileAtomic(localPath(uri), data);
    },
  };
}

/** Writes beside the target and renames, so readers never see a half-written file. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** A whole file or object as UTF-8 text (a model artifact, a small document). */
export async function readText(storage: Storage, uri: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await storage.openRead(uri)) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks).toString('utf8');
}
