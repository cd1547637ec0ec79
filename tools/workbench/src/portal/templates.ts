import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATE_DEFAULTS } from '@workbench/lab-spec';

/** One option of a generator, as `nx g --help` would list it. */
export interface TemplateOption {
  flag: string;
  type: string;
  description: string;
  choices: string[];
  default: unknown;
}

/** A generator, or one kind of it, with the command that runs it. */
export interface Template {
  generator: string;
  kind: string | null;
  description: string;
  command: string;
  options: TemplateOption[];
}

interface SchemaProperty {
  type?: string;
  description?: string;
  enum?: string[];
  default?: unknown;
  $default?: { $source?: string };
  'x-kinds'?: string[];
  'x-in-command'?: boolean;
}

const PLUGIN_DIR = 'tools/nx-plugin';
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The workspace's Nx plugin: its package name (what `nx g <plugin>:<generator>` names) and its generators.json entries. */
export function readGenerators(repoRoot: string): { plugin: string; generators: Record<string, { schema: string; description: string }> } {
  const { name } = JSON.parse(readFileSync(join(repoRoot, PLUGIN_DIR, 'package.json'), 'utf8')) as { name: string };
  const { generators } = JSON.parse(readFileSync(join(repoRoot, PLUGIN_DIR, 'generators.json'), 'utf8')) as { generators: Record<string, { schema: string; description: string }> };
  return { plugin: name, generators };
}

/**
 * Every generator of the workspace's Nx plugin, read from its generators.json and option schemas,
 * and for a generator with a `kind` option one entry per kind: the command names the options
 * that kind needs (`x-kinds`), leaving out flags, options with defaults and those marked
 * `x-in-command: false`, which its options table lists.
 */
export function readTemplates(repoRoot: string): Template[] {
  const { plugin, generators } = readGenerators(repoRoot);
  return Object.entries(generators).flatMap(([generator, entry]) => {
    const schema = JSON.parse(readFileSync(join(repoRoot, PLUGIN_DIR, entry.schema), 'utf8')) as { properties: Record<string, SchemaProperty> };
    const properties = Object.entries(schema.properties);
    const options = properties
      .filter(([, p]) => p.$default?.$source !== 'argv')
      .map(([name, p]): TemplateOption => ({ flag: `--${kebab(name)}`, type: p.type ?? 'string', description: p.description ?? '', choices: p.enum ?? [], default: p.default ?? null }));
    const command = (kind: string | null) =>
      [
        `npx nx g ${plugin}:${generator}`,
        ...properties.flatMap(([name, p]) => {
          if (p.$default?.$source === 'argv') return [`<${name}>`];
          if (name === 'kind' && kind) return [`--kind ${kind}`];
          const needed = p.type !== 'boolean' && p.default === undefined && p['x-in-command'] !== false && (!p['x-kinds'] || (kind !== null && p['x-kinds'].includes(kind)));
          return needed ? [`--${kebab(name)} <${name}>`] : [];
        }),
      ].join(' ');
    const kinds = schema.properties.kind?.enum ?? [null];
    return kinds.map((kind) => ({ generator, kind, description: entry.description, command: command(kind), options }));
  });
}

/** A training lab's template: what each participant's workspace runs and gets, and the command that creates a lab of it. */
export interface LabTemplate {
  template: string;
  summary: string;
  perParticipant: string;
  command: string;
}

export function readLabTemplates(): LabTemplate[] {
  return Object.entries(TEMPLATE_DEFAULTS).map(([template, d]) => ({
    template,
    summary: d.summary,
    perParticipant: `${d.cpu} CPU, ${d.memory} memory, ${d.storage} storage`,
    command: `npx workbench lab create <lab> --template ${template} --participants <names or a count> --expires <time or 3d>`,
  }));
}
