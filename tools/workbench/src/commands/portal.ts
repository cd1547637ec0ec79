import { relative } from 'node:path';
import { buildPortal, PortalOutputError, type BuildPortalOptions } from '../portal/build-site.js';

export { PortalOutputError };
import { checkGuides, formatGuideProblems } from '../portal/check-guides.js';

export class PortalCheckError extends Error {}

/** `portal build --check`: fails on a guide's link, heading or command that does not exist. */
export function portalCheckCommand(options: { repoRoot: string; commands: string[] }): string {
  const problems = checkGuides(options);
  if (problems.length) {
    throw new PortalCheckError(`${problems.length} broken reference(s) in the guides; fix the link or command, or the file, heading or command it names:\n${formatGuideProblems(problems)}`);
  }
  return 'guides: every link, heading and command they name exists\n';
}

/** `portal build`: the static site, with progress lines and what was written. */
export async function portalBuildCommand(options: BuildPortalOptions & { commands: string[] }): Promise<string> {
  const started = performance.now();
  const say = options.say ?? ((line: string) => process.stderr.write(`${line}\n`));
  // A site whose guides point nowhere is not published.
  portalCheckCommand(options);
  const built = await buildPortal({ ...options, say });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const inside = relative(process.cwd(), built.out);
  const where = !inside ? '.' : inside.startsWith('..') ? built.out : inside;
  const phases = `reading the repository ${built.seconds.data.toFixed(1)} s, pages ${built.seconds.pages.toFixed(1)} s, search index ${built.seconds.search.toFixed(1)} s`;
  return `wrote ${built.pages} pages to ${where} in ${seconds} s (${phases}): ${built.data.projects.length} projects, ${built.data.guides.guides.length} guides, ${built.searchable} pages searchable; serve the folder with any static web server (search loads its index over http)\n`;
}
