// Writes libs/workload-spec/workload.schema.json from the zod schema (`npm run generate`).
// With --check it writes nothing and exits 1 when the committed file is stale.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { workloadJsonSchemaText } from '../src/json-schema.ts';

const target = fileURLToPath(new URL('../workload.schema.json', import.meta.url));
const wanted = workloadJsonSchemaText();
const current = await readFile(target, 'utf8').catch(() => '');

if (process.argv.includes('--check')) {
  if (current !== wanted) {
    console.error(`${target} is stale: run \`npm run generate\` and commit the result`);
    process.exit(1);
  }
  console.log(`${target} is current`);
} else if (current === wanted) {
  console.log(`${target} unchanged`);
} else {
  await writeFile(`${target}.tmp`, wanted);
  await rename(`${target}.tmp`, target);
  console.log(`wrote ${target}`);
}
