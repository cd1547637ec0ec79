import { repositoryVariables, type RepositoryVariable } from '../ci/repository-variables.js';

export type VariablesFormat = 'table' | 'gh' | 'json';

/** `workbench cloud vars`: the repository variables, as a table, as `gh variable set` commands, or as JSON. */
export function formatVariables(variables: RepositoryVariable[], format: VariablesFormat): string {
  if (format === 'json') return JSON.stringify(Object.fromEntries(variables.map((v) => [v.name, v.value])), null, 2) + '\n';
  if (format === 'gh') return variables.map((v) => `gh variable set ${v.name} --body '${v.value}'`).join('\n') + '\n';
  const width = Math.max(...variables.map((v) => v.name.length));
  return variables.map((v) => `${v.name.padEnd(width)}  ${v.value}\n${' '.repeat(width)}  ↳ ${v.usedBy}`).join('\n') + '\n';
}

export function cloudVarsCommand(options: { repoRoot: string; format: VariablesFormat }): string {
  return formatVariables(repositoryVariables(options.repoRoot), options.format);
}
