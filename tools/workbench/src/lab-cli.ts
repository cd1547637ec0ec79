import { createInterface } from 'node:readline/promises';
import { currentTime, LAB_TEMPLATES, setCurrentTime } from '@workbench/lab-spec';
import { type Command, Option } from 'commander';
import { setOutputs, writeSummary } from './ci/actions-output.js';
import { createGitHubClient, GITHUB_ENVIRONMENT_HELP, requireGitHubCredentials } from './adapters/github.js';
import { findRepoRoot } from './repo-root.js';

// Loaded when a lab command runs, not when any workbench command starts.
const labCommands = () => import('./commands/lab.js');

const remoteOption = () => new Option('--remote <name>', 'the git remote lab branches live on').default('origin');
const nowOption = () => new Option('--now <time>', 'the current time, ISO 8601 (for rehearsals and tests)').hideHelp();
/** Asks on the terminal; only "y" or "yes" confirms. */
async function askYesNo(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}

/** The command's "now" (`--now`); the lab renders it starts see the same time. */
const nowFrom = (value?: string) => (value ? setCurrentTime(value) : currentTime());

/** `workbench lab …`: training environments, one per lab/<lab> branch. */
export function registerLabCommands(program: Command): void {
  const lab = program
    .command('lab')
    .description('training labs: one branch lab/<lab> per lab, brought up by the lab cluster and removed when the branch goes');

  lab
    .command('create')
    .description('write platform/labs/<lab>.yaml on a new branch lab/<lab>, render and validate environments/lab/<lab>/, commit and push')
    .argument('<lab>', 'lab name: lowercase letters, digits and "-", at most 24 characters (e.g. spark-101)')
    .addOption(new Option('--template <template>', 'what each participant gets').choices([...LAB_TEMPLATES]).makeOptionMandatory())
    .requiredOption('--participants <names|count>', 'comma-separated participant names (alice,bob) or a count (12 → p01…p12)')
    .requiredOption('--expires <time>', 'when the lab is removed: ISO 8601 (2026-11-27T17:00:00Z) or from now (5d, 36h)')
    .option('--starts <time>', 'when the lab opens (shown to participants)', 'now')
    .option('--dataset <source>', 'https:// URL, s3://bucket/path, or sample:<name> from platform/labs/datasets/', 'sample:retail-sales')
    .option('--cpu <cpu>', 'CPU per participant (default: the template\'s)')
    .option('--memory <memory>', 'memory per participant (default: the template\'s)')
    .option('--storage <size>', 'storage per participant (default: the template\'s)')
    .option('--idle-culling <duration|off>', 'stop idle kernels after 30m, 2h, … or "off"', '1h')
    .option('--trainer <email>', 'shown on the access sheet')
    .option('--description <text>', 'one line about the lab')
    .option('--base <rev>', 'the commit the lab branch starts from', 'HEAD')
    .option('--no-push', 'create the branch locally only')
    .addOption(remoteOption())
    .addOption(nowOption())
    .action(async (name: string, o: Record<string, string | boolean | undefined>) => {
      const str = (key: string) => (typeof o[key] === 'string' ? (o[key] as string) : undefined);
      await (await labCommands()).labCreate({
        repoRoot: findRepoRoot(),
        lab: name,
        input: {
          template: str('template')!,
          participants: str('participants')!,
          expires: str('expires')!,
          ...(str('starts') && str('starts') !== 'now' ? { starts: str('starts')! } : {}),
          dataset: str('dataset')!,
          ...(str('cpu') ? { cpu: str('cpu')! } : {}),
          ...(str('memory') ? { memory: str('memory')! } : {}),
          ...(str('storage') ? { storage: str('storage')! } : {}),
          idleCulling: str('idleCulling')!,
          ...(str('trainer') ? { trainer: str('trainer')! } : {}),
          ...(str('description') ? { description: str('description')! } : {}),
        },
        base: str('base')!,
        push: o.push !== false,
        remote: str('remote')!,
        now: nowFrom(str('now')),
      });
    });

  lab
    .command('list')
    .description('every lab on the remote: template, participants, start, expiry, and whether it has expired')
    .option('--json', 'machine-readable output', false)
    .addOption(remoteOption())
    .addOption(nowOption())
    .action(async (o: { json: boolean; remote: string; now?: string }) => {
      const labs = await (await labCommands()).labList({ repoRoot: findRepoRoot(), remote: o.remote, now: nowFrom(o.now) });
      process.stdout.write(o.json ? JSON.stringify(labs, null, 2) + '\n' : (await labCommands()).formatLabList(labs));
    });

  lab
    .command('extend')
    .description('move a lab\'s expiry: update its spec on lab/<lab>, re-render, validate and push')
    .argument('<lab>', 'lab name')
    .requiredOption('--expires <time>', 'the new expiry: ISO 8601, or how much longer than the current expiry (2d, 12h)')
    .option('--shorten', 'allow an expiry earlier than the current one (the lab ends sooner)', false)
    .option('--no-push', 'commit on the local branch only')
    .addOption(remoteOption())
    .addOption(nowOption())
    .action(async (name: string, o: { expires: string; shorten: boolean; push: boolean; remote: string; now?: string }) => {
      await (await labCommands()).labExtend({ repoRoot: findRepoRoot(), lab: name, expires: o.expires, shorten: o.shorten, push: o.push, remote: o.remote, now: nowFrom(o.now) });
    });

  lab
    .command('destroy')
    .description('delete branch lab/<lab> on the remote; the lab cluster removes the lab')
    .argument('<lab>', 'lab name')
    .option('-y, --yes', 'destroy an active lab without asking', false)
    .addOption(remoteOption())
    .addOption(nowOption())
    .action(async (name: string, o: { yes: boolean; remote: string; now?: string }) => {
      await (await labCommands()).labDestroy({ repoRoot: findRepoRoot(), lab: name, yes: o.yes, remote: o.remote, now: nowFrom(o.now), ...(process.stdin.isTTY ? { confirm: askYesNo } : {}) });
    });

  lab
    .command('access')
    .description('the participant sheet: each workspace URL and how its token (generated in the cluster) is obtained')
    .argument('<lab>', 'lab name')
    .option('--summary', 'also append the sheet to the GitHub Actions job summary', false)
    .addOption(remoteOption())
    .action(async (name: string, o: { summary: boolean; remote: string }) => {
      const sheet = await (await labCommands()).labAccess({ repoRoot: findRepoRoot(), lab: name, remote: o.remote });
      process.stdout.write(sheet);
      if (o.summary) await writeSummary(sheet);
    });

  lab
    .command('check')
    .description('CI on a lab branch: the branch carries exactly its lab\'s valid, unexpired spec; sets step output lab=<lab>')
    .requiredOption('--branch <branch>', 'the pushed branch, lab/<lab>')
    .option('--from <dir>', 'a checkout of the branch, read as data: check its spec there and copy it here, to render with this checkout\'s tooling')
    .addOption(nowOption())
    .action(async (o: { branch: string; from?: string; now?: string }) => {
      const name = await (await labCommands()).labCheck({ repoRoot: findRepoRoot(), branch: o.branch, ...(o.from ? { from: o.from } : {}), now: nowFrom(o.now) });
      await setOutputs({ lab: name });
      process.stdout.write(`Lab spec platform/labs/${name}.yaml is valid.\n`);
    });

  lab
    .command('commit-render')
    .description('CI on a lab branch: commit what the render changed under environments/lab and push it back')
    .argument('<lab>', 'lab name')
    .option('--push', 'push the commit to the lab branch', false)
    .option('--into <dir>', 'a checkout of the lab branch: copy environments/lab rendered here into it, and commit (and push) there')
    .addOption(remoteOption())
    .action(async (name: string, o: { push: boolean; into?: string; remote: string }) => {
      await (await labCommands()).labCommitRender({ repoRoot: findRepoRoot(), lab: name, push: o.push, ...(o.into ? { into: o.into } : {}), remote: o.remote });
    });

  lab
    .command('reap')
    .description('delete expired lab branches through the GitHub API (GITHUB_TOKEN, GITHUB_REPOSITORY)')
    .option('--dry-run', 'report what would be deleted, delete nothing', false)
    .addOption(nowOption())
    .addHelpText('after', GITHUB_ENVIRONMENT_HELP)
    .action(async (o: { dryRun: boolean; now?: string }) => {
      const repository = requireGitHubCredentials();
      const now = nowFrom(o.now);
      const { formatReapReport, reapExpiredLabs } = await import('./labs/reaper.js');
      const results = await reapExpiredLabs({ github: createGitHubClient(), ...repository, now, dryRun: o.dryRun });
      const report = formatReapReport(results, o.dryRun, now);
      process.stdout.write(report);
      await writeSummary(report);
    });
}
