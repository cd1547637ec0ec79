import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { CRD_DIR } from '../src/validate/crd-schemas.js';
import { parseManifests, parseYamlDocument } from '../src/validate/read-manifests.js';

// validate reads manifests with js-yaml for speed; the `yaml` package (what the render writes
// with and what validate read with before) must see exactly the same objects in every file.

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const withYamlPackage = (text: string) =>
  parseAllDocuments(text)
    .filter((doc) => doc.errors.length === 0)
    .map((doc) => doc.toJS() as unknown)
    .filter((value) => value !== null && value !== undefined);

describe('reading rendered manifests', () => {
  it('sees every committed environment file as the yaml package does', () => {
    const files = readdirSync(join(REPO, 'environments'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const text = readFileSync(join(REPO, 'environments', file), 'utf8');
      expect({ file, ...parseManifests(text) }).toEqual({ file, manifests: withYamlPackage(text), errors: [] });
    }
  });

  it('reads scalars the way YAML 1.2 core does, as the yaml package does', () => {
    const text = [
      'kind: ConfigMap',
      'data:',
      '  words: [yes, no, on, off, y, n, True, FALSE, Null, ~, null]',
      '  numbers: [0o14, 014, 0x1F, 0X1F, +0x1F, 0b101, 1e3, 1E-3, -.5, +.5, 5., .e3, -0, +0, .inf, -.Inf, +.INF, .NaN, .nan, .NAN, 12_000, 1:20, "12", 1.0, +7, 1.2.3]',
      '  dates: [2026-11-25, 2026-11-25T02:05:14Z, "2026-11-25"]',
      '  merge: { <<: { a: 1 }, b: 2 }',
      '  anchors: { first: &a { x: 1 }, second: *a }',
      '  block: |',
      '    line one',
      '      indented',
      '  folded: >-',
      '    joined',
      '    words',
      '  unicode: "caf\\u00e9 ✓"',
      '  empty:',
      '  true: key named true',
      '---',
      '# a document of comments only',
      '---',
      'kind: Second',
    ].join('\n');
    const { manifests, errors } = parseManifests(text);
    expect(errors).toEqual([]);
    expect(manifests).toEqual(withYamlPackage(text));
    expect(manifests).toHaveLength(2);
    // The fields a Kubernetes object would break on if read as YAML 1.1: words stay strings, dates stay strings.
    const data = (manifests[0] as { data: Record<string, unknown[]> }).data;
    expect(data.words!.slice(0, 6)).toEqual(['yes', 'no', 'on', 'off', 'y', 'n']);
    expect(data.dates).toEqual(['2026-11-25', '2026-11-25T02:05:14Z', '2026-11-25']);
  });

  it('refuses an alias bomb with the yaml package’s message instead of expanding it', () => {
    let text = 'kind: Before\n---\nkind: ConfigMap\na: &a [x, x, x, x, x, x, x, x, x, x]\n';
    for (const [previous, name] of [...'abcdefghi'].map((c, i) => [c, 'bcdefghij'[i]!])) text += `${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]\n`;
    const { manifests, errors } = parseManifests(text);
    expect(errors).toEqual([expect.stringMatching(/Excessive alias count/)]);
    expect(manifests).toEqual([{ kind: 'Before' }]);
  });

  it('reports an unterminated quote with the yaml package’s message', () => {
    const { manifests, errors } = parseManifests('kind: Before\n---\nkind: "A\n');
    expect(errors).toEqual([expect.stringMatching(/Missing closing "quote/)]);
    expect(manifests).toEqual([{ kind: 'Before' }]);
  });

  it.each([
    ['a duplicate key', 'kind: A\nkind: B\n', /unique/],
    ['a flow sequence left open', 'kind: A\nitems: [1, 2\n', /flow|\]/i],
    ['a tab indenting a mapping', 'kind: A\nmetadata:\n\tname: x\n', /tab|indent/i],
  ])('reports %s with the yaml package’s message and keeps the other documents', (_, broken, message) => {
    const { manifests, errors } = parseManifests(`kind: Before\n---\n${broken}---\nkind: After\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
    expect(manifests).toEqual([{ kind: 'Before' }, { kind: 'After' }]);
  });

  it('reads one-document files (kustomizations, inventories, the vendored CRDs) as yaml.parse does, and refuses what it refuses with its message', () => {
    const crds = readdirSync(CRD_DIR).filter((f) => f.endsWith('.yaml'));
    expect(crds.length).toBeGreaterThan(0);
    for (const file of crds) {
      const text = readFileSync(join(CRD_DIR, file), 'utf8');
      expect(parseYamlDocument(text), file).toEqual(parse(text));
    }
    expect(parseYamlDocument('')).toBeNull();
    expect(parseYamlDocument('# only a comment\n')).toBeNull();
    const yamlError = (text: string) => {
      try {
        parse(text);
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    };
    for (const broken of ['kind: A\nkind: B\n', 'kind: A\n---\nkind: B\n', 'a: [1, 2\n']) {
      expect(yamlError(broken), broken).toBeDefined();
      expect(() => parseYamlDocument(broken)).toThrow(yamlError(broken)!);
    }
  });
});
