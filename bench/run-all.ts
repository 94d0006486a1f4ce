/**
 * `npm run bench` — every benchmark, one after another, so no two compete for the machine's cores.
 * Each prints its own figures and its baseline from the same run. Name some to run only those:
 * `npm run bench -- conditions segments-batch`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDirectory = fileURLToPath(new URL('.', import.meta.url));
const available = readdirSync(benchDirectory)
  .filter((file) => file.endsWith('.ts') && file !== basename(fileURLToPath(import.meta.url)))
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark: ${unknown.join(', ')} (available: ${available.join(', ')})`);
  process.exit(2);
}

const failed: string[] = [];
for (const name of requested.length > 0 ? requested : available) {
  console.log(`\n=== bench/${name}.ts (${new Date().toISOString()})`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', `${benchDirectory}${name}.ts`], { stdio: 'inherit' });
  if (run.status !== 0) failed.push(name);
}
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}
