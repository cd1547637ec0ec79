import { Command, Option } from 'commander';
import { renderCommand } from './commands/render.js';
import { selectEnvironments, UsageError, ALL_ENVIRONMENTS } from './environments.js';
import { findRepoRoot } from './repo-root.js';

const program = new Command()
  .name('workbench')
  .description('Render, validate and diff the environments Flux deploys, from the Pulumi programs in platform/')
  .showHelpAfterError();

const envOption = () =>
  new Option('--env <env...>', `environments to work on (default: all of ${ALL_ENVIRONMENTS.join(', ')})`);

program
  .command('render')
  .description('render environments/<env>/ from platform/workloads and apps/*/workload.yaml, atomically')
  .addOption(envOption())
  .option('--check', 'write nothing; exit 1 listing every stale, missing or hand-edited file', false)
  .action(async (options: { env?: string[]; check: boolean }) => {
    const summary = await renderCommand({ repoRoot: findRepoRoot(), environments: selectEnvironments(options.env), check: options.check });
    process.exitCode = summary.ok ? 0 : 1;
  });

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`workbench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
