// What a program saw of the file system, reduced to a string per read: the program's own record
// (taken in its process as it reads) and the cache's check (taken later, before reusing a
// result) must compute it the same way, so both use these functions.
import { createHash } from 'node:crypto';
import type * as fs from 'node:fs';

/** How a program looked at a path: read a file, listed a folder, or asked whether and what it is. */
export type ReadKind = 'file' | 'dir' | 'stat';

/** The file-system calls the fingerprints need, passed in so a process that patches `fs` can hand over the originals. */
export interface FingerprintFs {
  readFileSync: typeof fs.readFileSync;
  readdirSync: typeof fs.readdirSync;
  statSync: typeof fs.statSync;
}

export const ABSENT = 'absent';

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

const isMissing = (error: unknown) => ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');

/** The content of a file, as a hash. */
export function fileFingerprint(content: Uint8Array): string {
  return sha256(content);
}

/**
 * A path's fingerprint for one kind of read, or `absent`. A stat keeps the type and, for files,
 * the size (what `existsSync`/`statSync(...).size` tell a program), never times: a copy of the
 * repository sees the same fingerprints.
 */
export function fingerprint(fsApi: FingerprintFs, kind: ReadKind, path: string): string {
  try {
    if (kind === 'file') return fileFingerprint(fsApi.readFileSync(path));
    if (kind === 'dir') {
      const entries = fsApi.readdirSync(path, { withFileTypes: true });
      return sha256(entries.map((e) => `${e.name}/${e.isDirectory() ? 'd' : e.isFile() ? 'f' : 'o'}`).sort().join('\n'));
    }
    const stat = fsApi.statSync(path, { throwIfNoEntry: false });
    if (!stat) return ABSENT;
    return stat.isDirectory() ? 'dir' : stat.isFile() ? `file:${stat.size}` : 'other';
  } catch (error) {
    if (isMissing(error)) return ABSENT;
    // Unreadable now: a fingerprint nothing recorded equals, so the cache never answers.
    return `unreadable:${(error as NodeJS.ErrnoException).code ?? 'error'}`;
  }
}
