import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// `nx g <generator> --help` prints the schema's own description ("undefined" without one).
const root = join(import.meta.dirname, '..');
const collection = JSON.parse(readFileSync(join(root, 'generators.json'), 'utf8')) as { generators: Record<string, { schema: string; description: string }> };

describe('generator help', () => {
  for (const [name, generator] of Object.entries(collection.generators)) {
    it(`${name}: --help shows what it does`, () => {
      const schema = JSON.parse(readFileSync(join(root, generator.schema), 'utf8')) as { description?: string };
      expect(schema.description).toBe(generator.description);
    });
  }
});
