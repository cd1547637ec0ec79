import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { logger } from '@nx/devkit';

/** A command a generator runs after writing, as the user would type it (`npx <bin> …`). */
export interface FollowUp {
  bin: string;
  args: string[];
}

/** The follow-up as a person would type it. */
export const shown = ({ bin, args }: FollowUp) => `npx ${[bin, ...args].join(' ')}`;

/** The workspace's own installed command (no npx start-up), or npx when it is not installed yet. */
function command(root: string, { bin, args }: FollowUp): [string, string[]] {
  const local = join(root, 'node_modules/.bin', bin);
  return existsSync(local) ? [local, args] : ['npx', [bin, ...args]];
}

/**
 * Runs follow-ups that write different files side by side (projen writes .github/, the render
 * environments/), printing each one's output when it ends, in the order given. Throws naming
 * every command that failed, after all have ended, so nothing is left half-run.
 */
export async function runSideBySide(root: string, followUps: FollowUp[]): Promise<void> {
  logger.info(`> ${followUps.map(shown).join('  &  ')}  (side by side)`);
  // Imported here: Nx loads generators with require(), which cannot load execa (an ES module) at start.
  const { execa } = await import('execa');
  const env = { ...process.env, NX_DAEMON: 'false' };
  const results = await Promise.all(followUps.map((f) => execa(...command(root, f), { cwd: root, env, all: true, reject: false })));
  const failed: string[] = [];
  results.forEach((result, i) => {
    logger.info(`> ${shown(followUps[i]!)}`);
    if (result.all) logger.info(String(result.all));
    if (result.exitCode !== 0) failed.push(`${shown(followUps[i]!)} (exit ${result.exitCode})`);
  });
  if (failed.length) throw new Error(`${failed.join(', ')} failed after the files were written; fix what it printed above and run it again`);
}
