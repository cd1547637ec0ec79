import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { resolveLink } from './markdown.js';

export const GUIDES_DIR = 'docs/guides';
export const GUIDES_INDEX = `${GUIDES_DIR}/README.md`;

export interface Guide {
  slug: string;
  /** Repository path, `docs/guides/<slug>.md`. */
  file: string;
  title: string;
  markdown: string;
}

const titleOf = (markdown: string, file: string) => /^#\s+(.+)$/m.exec(markdown)?.[1]?.trim() ?? file;

/** The guides index (docs/guides/README.md) and the guides it links, in its order. */
export function readGuides(repoRoot: string): { index: Guide | null; guides: Guide[] } {
  if (!existsSync(join(repoRoot, GUIDES_INDEX))) return { index: null, guides: [] };
  const read = (file: string, slug: string): Guide => {
    const markdown = readFileSync(join(repoRoot, file), 'utf8');
    return { slug, file, title: titleOf(markdown, file), markdown };
  };
  const index = read(GUIDES_INDEX, '');
  const linked = new MarkdownIt()
    .parse(index.markdown, {})
    .flatMap((t) => t.children ?? [])
    .flatMap((t) => (t.type === 'link_open' ? [resolveLink(GUIDES_INDEX, t.attrGet('href') ?? '')?.path] : []))
    .filter((path): path is string => Boolean(path && path.startsWith(`${GUIDES_DIR}/`) && path.endsWith('.md') && path !== GUIDES_INDEX && existsSync(join(repoRoot, path))));
  const guides = [...new Set(linked)].map((file) => read(file, file.slice(GUIDES_DIR.length + 1, -'.md'.length)));
  return { index, guides };
}
