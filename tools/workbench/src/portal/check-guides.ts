import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { GUIDES_INDEX, readGuides } from './guides.js';
import { readGenerators } from './templates.js';
import { headingIds, resolveLink } from './markdown.js';

/** A guide's reference to something that does not exist. */
export interface GuideProblem {
  file: string;
  line: number;
  message: string;
}

export interface GuideCheckOptions {
  repoRoot: string;
  /** Every `workbench` command path the CLI has: `render`, `lab create`, … */
  commands: string[];
}

/** What a guide tells people to type: `npx workbench …`, `npx nx g <plugin>:<generator>`, `npm run <script>`. */
const WORKBENCH = /(?:^|[\s`(])(?:npx\s+)?workbench\s+([a-z][a-z0-9-]*(?:\s+[a-z][a-z0-9-]*)*)/g;
const GENERATOR = /\bnx\s+(?:g|generate)\s+(@?[\w./-]+):([\w-]+)/g;
const NPM_RUN = /\bnpm\s+run\s+([\w:.-]+)/g;

/** Problems with the commands in `text`, each with the index of its line in `text`. */
function commandProblems(text: string, known: GuideCheckOptions['commands'], generators: Map<string, Set<string>>, scripts: Set<string>): { index: number; message: string }[] {
  const problems: { index: number; message: string }[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    const report = (message: string) => problems.push({ index, message });
    for (const workbench of line.matchAll(WORKBENCH)) {
      const words = workbench[1]!.split(/\s+/);
      // The longest command path the words start with; the rest are its arguments, unless it is a
      // group of commands (`lab`), whose next word must be one of them.
      const command = known.filter((c) => words.slice(0, c.split(' ').length).join(' ') === c).sort((a, b) => b.length - a.length)[0];
      const subcommands = command ? known.filter((c) => c.startsWith(`${command} `) && c.split(' ').length === command.split(' ').length + 1) : [];
      if (!command) report(`\`workbench ${words.join(' ')}\`: no such command (\`npx workbench --help\` lists them)`);
      else if (subcommands.length && words.length > command.split(' ').length) {
        report(`\`workbench ${words.join(' ')}\`: \`${command}\` has no command \`${words[command.split(' ').length]}\` (it has: ${subcommands.map((c) => c.split(' ').at(-1)).join(', ')})`);
      }
    }
    for (const generator of line.matchAll(GENERATOR)) {
      if (generators.get(generator[1]!)?.has(generator[2]!)) continue;
      report(`\`nx g ${generator[1]}:${generator[2]}\`: no such generator (${[...generators].map(([plugin, names]) => [...names].map((n) => `${plugin}:${n}`).join(', ')).join(', ') || 'none'})`);
    }
    for (const script of line.matchAll(NPM_RUN)) if (!scripts.has(script[1]!)) report(`\`npm run ${script[1]}\`: no such script in package.json (${[...scripts].join(', ')})`);
  }
  return problems;
}

function linkProblem(repoRoot: string, file: string, href: string, ownHeadings: Set<string>): string | null {
  if (href.startsWith('#')) return ownHeadings.has(href.slice(1)) ? null : `link ${href}: no heading with that id in ${file}`;
  const target = resolveLink(file, href);
  if (!target) return null;
  if (target.path === '..' || target.path.startsWith('../')) return `link ${href}: leads outside the repository; link a file in it, or a full https:// address`;
  const path = join(repoRoot, target.path);
  if (!existsSync(path)) return `link ${href}: ${target.path} does not exist in the repository`;
  if (target.hash && statSync(path).isFile() && target.path.endsWith('.md') && !headingIds(readFileSync(path, 'utf8')).has(target.hash)) {
    return `link ${href}: ${target.path} has no heading with the id "${target.hash}"`;
  }
  return null;
}

/** Every link, command and heading reference in the guides (and their index) that does not resolve. */
export function checkGuides(options: GuideCheckOptions): GuideProblem[] {
  const { repoRoot } = options;
  const { index, guides } = readGuides(repoRoot);
  if (!index) return [{ file: GUIDES_INDEX, line: 1, message: 'the guides index is missing: the portal lists the guides it links' }];
  const { plugin, generators: declared } = readGenerators(repoRoot);
  const generators = new Map([[plugin, new Set(Object.keys(declared))]]);
  const scripts = new Set(Object.keys((JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {}));
  const md = new MarkdownIt();
  const problems: GuideProblem[] = [];
  for (const guide of [index, ...guides]) {
    const own = headingIds(guide.markdown);
    const report = (line: number, message: string) => problems.push({ file: guide.file, line, message });
    for (const block of md.parse(guide.markdown, {})) {
      const first = (block.map?.[0] ?? 0) + 1;
      if (block.type === 'fence' || block.type === 'code_block') {
        // A fence's content starts on the line after its opening backticks.
        for (const { index, message } of commandProblems(block.content, options.commands, generators, scripts)) report(first + (block.type === 'fence' ? 1 : 0) + index, message);
      }
      // Inline tokens have no line of their own: count the line breaks before them.
      let line = first;
      for (const token of block.children ?? []) {
        if (token.type === 'softbreak' || token.type === 'hardbreak') line += 1;
        else if (token.type === 'link_open') {
          const message = linkProblem(repoRoot, guide.file, token.attrGet('href') ?? '', own);
          if (message) report(line, message);
        } else if (token.type === 'code_inline') {
          for (const { message } of commandProblems(token.content, options.commands, generators, scripts)) report(line, message);
        }
      }
    }
  }
  return problems;
}

export function formatGuideProblems(problems: GuideProblem[]): string {
  return problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n') + '\n';
}
