import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';

/** How long a render waits for another one writing the same environments before giving up. */
const WAIT_MS = 120_000;
const POLL_MS = 250;

export class RenderLockedError extends Error {}

const isLocked = (error: unknown) => (error as { code?: string }).code === 'ELOCKED';

/**
 * Runs `write` while holding `environments/.render.lock`, so two renders never stage or swap
 * the same folders at once: the second waits for the first (saying so through `waiting`), then
 * writes its own complete tree. The lock is a directory kept fresh while held; one left by a
 * killed render goes stale after ten seconds and is taken over (proper-lockfile).
 */
export async function withRenderLock<T>(environmentsDir: string, write: () => Promise<T>, waiting: (message: string) => void): Promise<T> {
  await mkdir(environmentsDir, { recursive: true });
  const lockfilePath = join(environmentsDir, '.render.lock');
  const lock = (retries: number) =>
    lockfile.lock(environmentsDir, { lockfilePath, realpath: false, stale: 10_000, retries: { retries, factor: 1, minTimeout: POLL_MS, maxTimeout: POLL_MS } });
  let release: () => Promise<void>;
  try {
    release = await lock(0);
  } catch (error) {
    if (!isLocked(error)) throw error;
    waiting(`another \`workbench render\` is writing ${environmentsDir}; waiting for it (up to ${WAIT_MS / 1000} s) …`);
    try {
      release = await lock(Math.ceil(WAIT_MS / POLL_MS));
    } catch (again) {
      if (!isLocked(again)) throw again;
      throw new RenderLockedError(
        `another \`workbench render\` has held ${lockfilePath} for over ${WAIT_MS / 1000} s; wait for it to finish, or stop it and run the render again`,
      );
    }
  }
  try {
    return await write();
  } finally {
    await release();
  }
}
