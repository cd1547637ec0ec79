// Lint rules for every project. Module boundaries are derived from project tags:
//   type:app, type:lib, type:platform (Pulumi programs) and type:tool (CLIs) may import libs only;
//   scope:<customer> may import its own scope and scope:shared; scope:shared only scope:shared.
// Customers are read from the apps' project.json tags, so adding a customer app needs no edit here.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import nx from '@nx/eslint-plugin';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The workbench CLI's layers, lowest first (ARCHITECTURE.md explains them). A module may import
 * its own layer and the layers below it, never one above; a command never imports another command.
 */
const CLI_LAYERS = [
  ['adapters', 'engine'],
  ['render', 'validate'],
  ['diff', 'workspace', 'projen'],
  ['ci', 'promote', 'labs'],
  ['portal'],
  ['commands'],
];

/** Its rule replaces packageNameBoundaries' for the same files (flat config does not merge rule options), so it repeats those patterns. */
function cliLayerRules() {
  return CLI_LAYERS.flatMap((layer, index) => {
    const above = CLI_LAYERS.slice(index + 1).flat();
    return layer.map((folder) => ({
      files: [`tools/workbench/src/${folder}/**/*.ts`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              ...packageNamePatterns('tools/workbench'),
              ...(index === 0
                ? [{ group: ['../*'], message: `${folder}/ imports nothing else of the CLI (see ARCHITECTURE.md).` }]
                : [
                    ...(above.length ? [{ group: above.map((upper) => `../${upper}/*`), message: `${folder}/ is below ${above.join(', ')} (see ARCHITECTURE.md): move the shared code down a layer instead.` }] : []),
                    ...(folder === 'commands' ? [{ group: ['./*'], message: 'A command does not import another command: use the library function both call.' }] : []),
                  ]),
            ],
          },
        ],
      },
    }));
  });
}

/** Every project folder with its package name and scope tag (scope:shared when it has none). */
function workspaceProjects() {
  const folders = ['apps', 'libs', 'tools'].flatMap((root) => (existsSync(root) ? readdirSync(root).map((name) => `${root}/${name}`) : [])).concat('platform');
  return folders
    .filter((dir) => existsSync(`${dir}/package.json`) && existsSync(`${dir}/project.json`))
    .map((dir) => {
      const tags = JSON.parse(readFileSync(`${dir}/project.json`, 'utf8')).tags ?? [];
      return { dir, packageName: JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')).name, isApp: tags.includes('type:app'), scope: tags.find((t) => t.startsWith('scope:')) ?? 'scope:shared' };
    });
}

const PROJECTS = workspaceProjects();

/**
 * Nx checks imports through tsconfig paths and relative paths; an import by a workspace package
 * name (`@workbench/<app>`, npm links every project) slips past it. So: no project imports an app
 * by name, and no project imports another customer's project by name.
 */
function packageNameBoundaries() {
  return PROJECTS.map((project) => {
    const patterns = packageNamePatterns(project.dir);
    return { files: [`${project.dir}/**/*.ts`, `${project.dir}/**/*.mts`], rules: patterns.length ? { 'no-restricted-imports': ['error', { patterns }] } : {} };
  });
}

/** The no-restricted-imports patterns of packageNameBoundaries for the project in `dir`. */
function packageNamePatterns(dir) {
  const projects = PROJECTS;
  const project = projects.find((p) => p.dir === dir);
  if (!project) return [];
  const forbidden = projects.filter((other) => other !== project && (other.isApp || (other.scope !== 'scope:shared' && other.scope !== project.scope)));
  if (!forbidden.length) return [];
  const message = "Apps are never imported, and a customer's code only by that customer's projects: move what is shared into a scope:shared lib.";
  return [{ group: forbidden.flatMap((other) => [other.packageName, `${other.packageName}/*`]), message }];
}

function customerScopes() {
  const scopes = new Set();
  for (const app of existsSync('apps') ? readdirSync('apps') : []) {
    const file = `apps/${app}/project.json`;
    if (!existsSync(file)) continue;
    for (const tag of JSON.parse(readFileSync(file, 'utf8')).tags ?? []) {
      if (tag.startsWith('scope:') && tag !== 'scope:shared') scopes.add(tag);
    }
  }
  return [...scopes].sort();
}

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.nx/**', 'environments/**', '**/__snapshots__/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts', '**/*.js', '**/*.mjs'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            ...customerScopes().map((scope) => ({ sourceTag: scope, onlyDependOnLibsWithTags: [scope, 'scope:shared'] })),
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...packageNameBoundaries(),
  ...cliLayerRules(),
];
