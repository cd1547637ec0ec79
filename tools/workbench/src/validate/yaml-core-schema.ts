import { CORE_SCHEMA, type Schema, Type } from 'js-yaml';

// The YAML 1.2 core schema as the `yaml` package resolves plain scalars (its schema/core/int.js
// and float.js), for js-yaml. js-yaml's own CORE_SCHEMA differs at the edges: it reads `-.5` as
// a string and `0b101` as a number. Nulls and booleans already agree.

type Resolver = [pattern: RegExp, construct: (text: string) => number];

/** One js-yaml type per tag (a schema keeps the last type of each tag), trying each form in turn. */
const scalar = (tag: string, forms: Resolver[]) =>
  new Type(tag, {
    kind: 'scalar',
    resolve: (text: string | null) => text !== null && forms.some(([pattern]) => pattern.test(text)),
    construct: (text: string) => forms.find(([pattern]) => pattern.test(text))![1](text),
  });

const INT = scalar('tag:yaml.org,2002:int', [
  [/^0o[0-7]+$/, (text) => parseInt(text.slice(2), 8)],
  [/^[-+]?[0-9]+$/, (text) => parseInt(text, 10)],
  [/^0x[0-9a-fA-F]+$/, (text) => parseInt(text.slice(2), 16)],
]);

const FLOAT = scalar('tag:yaml.org,2002:float', [
  [/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, (text) => (/nan$/i.test(text) ? NaN : text.startsWith('-') ? -Infinity : Infinity)],
  [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, parseFloat],
  [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, parseFloat],
]);

/** js-yaml's core schema with its int and float types replaced by these. */
export const YAML_CORE_SCHEMA: Schema = CORE_SCHEMA.extend({ implicit: [INT, FLOAT] });
