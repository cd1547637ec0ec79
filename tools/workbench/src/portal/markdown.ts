import { posix } from 'node:path';
import GithubSlugger from 'github-slugger';
import MarkdownIt from 'markdown-it';
import anchor from 'markdown-it-anchor';

/** Where a link in a Markdown file of the repository leads in the portal. */
export interface LinkTargets {
  /** Repository path of a page the portal has (a guide, a project's README) → its URL. */
  pages: Map<string, string>;
  /** `https://github.com/<owner>/<repo>/blob/<branch>/`: every other repository file. */
  blobBase: string;
}

/**
 * Headings get GitHub's ids (github-slugger), so `guide.md#a-heading` works on GitHub and in the
 * portal alike, and `portal build --check` finds the same ids.
 */
export function headingIds(markdown: string): Set<string> {
  const slugger = new GithubSlugger();
  const md = new MarkdownIt();
  const tokens = md.parse(markdown, {});
  return new Set(tokens.flatMap((t, i) => (t.type === 'heading_open' ? [slugger.slug(tokens[i + 1]!.content)] : [])));
}

const EXTERNAL = /^[a-z][a-z0-9+.-]*:/i;

/** Splits `path#hash` and resolves the path against the folder of the file that links it. */
export function resolveLink(fromFile: string, href: string): { path: string; hash: string } | null {
  if (EXTERNAL.test(href) || href.startsWith('/')) return null;
  const [path = '', hash = ''] = href.split('#', 2);
  return { path: path ? posix.normalize(posix.join(posix.dirname(fromFile), decodeURI(path))).replace(/\/$/, '') : fromFile, hash };
}

/** Renders a repository Markdown file for the portal: relative links lead to the portal's page for the target, or to the file on GitHub. */
export function renderMarkdown(markdown: string, file: string, targets: LinkTargets): string {
  const md = new MarkdownIt({ html: false, linkify: true });
  md.use(anchor, { slugify: (title: string) => slugger.slug(title) });
  const slugger = new GithubSlugger();
  const defaultLink = md.renderer.rules.link_open ?? ((tokens, i, options, _env, self) => self.renderToken(tokens, i, options));
  md.renderer.rules.link_open = (tokens, i, options, env, self) => {
    const token = tokens[i]!;
    const href = token.attrGet('href') ?? '';
    const resolved = href.startsWith('#') ? null : resolveLink(file, href);
    if (resolved) {
      const page = targets.pages.get(resolved.path);
      token.attrSet('href', `${page ?? `${targets.blobBase}${resolved.path}`}${resolved.hash ? `#${resolved.hash}` : ''}`);
    }
    return defaultLink(tokens, i, options, env, self);
  };
  return md.render(markdown);
}
