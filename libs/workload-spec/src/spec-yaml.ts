import { readFileSync } from 'node:fs';
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';

/** One problem in a spec file: where it is, which field, and what was expected. */
export interface SpecProblem {
  file: string;
  line: number;
  column: number;
  field: string;
  message: string;
}

/**
 * A problem in the user's own input files, already saying which file and field: the engine shows
 * it as it is, without the program line that happened to throw it.
 */
export class InputError extends Error {
  readonly userInput = true;
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** A spec file that does not parse or does not match its schema; every problem has a position. */
export class SpecFileError extends InputError {
  constructor(readonly problems: SpecProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'SpecFileError';
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads an input file as UTF-8, refusing bytes that are not (Node would silently turn them into
 * U+FFFD and the render would write something nobody wrote). `shown` is the path in messages.
 */
export function readUtf8File(path: string, shown: string): string {
  try {
    return UTF8.decode(readFileSync(path));
  } catch (error) {
    if (error instanceof TypeError) throw new InputError(`${shown}: not UTF-8 text; save the file as UTF-8`);
    throw error;
  }
}

export function formatProblem(p: SpecProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.field}: ${p.message}`;
}

/** Says why a key is unknown where the schema knows better than "a typo" (a field of another kind). */
export type UnknownKeyExplainer = (data: unknown, path: (string | number)[], key: string) => string | undefined;

/**
 * Parses YAML text and validates it with a zod schema; `file` is only used in messages and
 * `schemaHint` tells where the fields are listed. Throws SpecFileError with `file:line:col`.
 */
export function parseYamlWithSchema<Schema extends z.ZodType>(text: string, file: string, schema: Schema, schemaHint: string, explainUnknownKey?: UnknownKeyExplainer): z.output<Schema> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new SpecFileError(
      doc.errors.map((error) => {
        const position = lineCounter.linePos(error.pos[0]);
        return { file, line: position.line, column: position.col, field: '(yaml)', message: error.message.split('\n')[0]! };
      }),
    );
  }
  let data: unknown;
  try {
    // toJS refuses documents whose aliases expand without bound ("Excessive alias count").
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new SpecFileError([{ file, line: 1, column: 1, field: '(yaml)', message: `${(error as Error).message}; write the values out instead of through aliases` }]);
  }
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const explain = (path: (string | number)[], key: string) => explainUnknownKey?.(data, path, key);
  throw new SpecFileError(result.error.issues.flatMap((issue) => toProblems(issue, doc, lineCounter, file, schemaHint, explain)));
}

function toProblems(
  issue: z.core.$ZodIssue,
  doc: Document,
  lineCounter: LineCounter,
  file: string,
  schemaHint: string,
  explain: (path: (string | number)[], key: string) => string | undefined,
): SpecProblem[] {
  const path = issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
  const at = (offset: number, field: (string | number)[], message: string): SpecProblem => {
    const position = lineCounter.linePos(offset);
    return { file, line: position.line, column: position.col, field: field.join('.') || '(root)', message };
  };
  if (issue.code === 'unrecognized_keys') {
    // One problem per unknown key, pointing at the key itself.
    return issue.keys.map((key) =>
      at(keyOffset(doc, path, key) ?? nodeOffset(doc, path), [...path, key], explain(path, key) ?? `unknown field "${key}": remove it or fix the spelling (${schemaHint})`),
    );
  }
  return [at(nodeOffset(doc, path), path, describeIssue(issue))];
}

/** Where a path's node starts; a missing field has no node, so the closest parent is used. */
function nodeOffset(doc: Document, path: (string | number)[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}

function keyOffset(doc: Document, path: (string | number)[], key: string): number | undefined {
  const parent = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === key);
  return isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  // A discriminated union (workload.yaml's kind) with a value none of its shapes has.
  if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options)) {
    return `expected one of ${(issue.options as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  }
  // A record key (an app name in `releases`) that is not a valid name.
  if (issue.code === 'invalid_key') {
    return `the key ${JSON.stringify(issue.path.at(-1))} is refused: ${issue.issues.map((i) => i.message).join('; ')}`;
  }
  if (issue.code === 'invalid_value') {
    return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) {
    return `is required (${issue.expected})`;
  }
  return issue.message;
}
