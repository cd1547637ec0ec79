// Generates .github/ (workflows, CODEOWNERS, templates, Dependabot) and .gitignore.
// First run: `npx tsx .projenrc.ts`; after that `npx projen`. The definitions live in
// tools/workbench/src/projen/, where `workbench ci drift` also uses them.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { synthWorkbenchProject } from './tools/workbench/src/projen/workbench-project.js';

const root = dirname(fileURLToPath(import.meta.url));
synthWorkbenchProject({ repoRoot: root, outdir: root });
