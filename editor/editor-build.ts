/**
 * Builds the editor into editor/dist with Vite, or says it is up to date. `npm start` runs it first
 * (`prestart`, with --if-stale): the build is redone only when an input changed since the last one —
 * the editor's sources, the engine and schemas it bundles, or the installed packages — which it knows
 * from a hash of those files kept next to the build. `npm run editor:build` always builds.
 *
 *   npx tsx editor/editor-build.ts [--if-stale]
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
const editorRoot = join(repositoryRoot, 'editor');
/** Where the built editor goes; server/routes/editor.ts serves it. */
export const editorDistDirectory = join(editorRoot, 'dist');
const stampFile = '.build-stamp.json';

/** What the editor bundle is made from: a change to any of them makes the build stale. */
const inputs = ['editor/src', 'editor/index.html', 'editor/vite.config.ts', 'engine', 'schemas', 'package-lock.json'];

function listFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => (entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : listFiles(join(path, entry.name))));
}

/** A hash of every input file's path and content. */
export function hashEditorInputs(): string {
  const hash = createHash('sha256');
  for (const input of inputs) {
    for (const file of listFiles(join(repositoryRoot, input))) {
      hash.update(relative(repositoryRoot, file));
      hash.update('\0');
      hash.update(readFileSync(file));
      hash.update('\0');
    }
  }
  return hash.digest('hex');
}

/** Whether editor/dist is missing or was built from other inputs. */
export function isEditorBuildStale(inputsHash = hashEditorInputs()): boolean {
  const stamp = join(editorDistDirectory, stampFile);
  if (!existsSync(join(editorDistDirectory, 'index.html')) || !existsSync(stamp)) return true;
  try {
    return (JSON.parse(readFileSync(stamp, 'utf8')) as { inputsHash?: string }).inputsHash !== inputsHash;
  } catch {
    return true;
  }
}

export interface EditorBuildReport {
  milliseconds: number;
  /** Every JS and CSS file: bytes and gzipped bytes. */
  files: Array<{ file: string; bytes: number; gzipBytes: number }>;
  /** What the sign-in page loads before any section (index.html, its script and styles). */
  initial: { bytes: number; gzipBytes: number };
}

function measureBuild(directory: string, milliseconds: number): EditorBuildReport {
  const assets = join(directory, 'assets');
  const files = readdirSync(assets)
    .filter((file) => /\.(js|css)$/.test(file))
    .map((file) => {
      const content = readFileSync(join(assets, file));
      return { file, bytes: content.length, gzipBytes: gzipSync(content).length };
    })
    .sort((a, b) => b.bytes - a.bytes);
  const html = readFileSync(join(directory, 'index.html'), 'utf8');
  const loaded = files.filter((entry) => html.includes(entry.file) || entry.file.startsWith('rolldown-runtime'));
  return {
    milliseconds,
    files,
    initial: { bytes: loaded.reduce((sum, entry) => sum + entry.bytes, 0), gzipBytes: loaded.reduce((sum, entry) => sum + entry.gzipBytes, 0) },
  };
}

/**
 * Builds the editor with Vite into a fresh directory and then swaps it in place of editor/dist, so a
 * server reading the old build never sees half of a new one.
 */
export async function buildEditor(inputsHash = hashEditorInputs()): Promise<EditorBuildReport> {
  const { build } = await import('vite');
  const scratch = join(repositoryRoot, 'node_modules', '.cache', 'wayfarer-editor');
  mkdirSync(scratch, { recursive: true });
  const outDir = join(scratch, `build-${process.pid}-${Date.now()}`);
  const started = performance.now();
  await build({ configFile: join(editorRoot, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const milliseconds = performance.now() - started;
  writeFileSync(join(outDir, stampFile), JSON.stringify({ inputsHash, builtAt: new Date().toISOString() }, null, 2));
  const report = measureBuild(outDir, milliseconds);
  const old = join(scratch, `old-${process.pid}-${Date.now()}`);
  if (existsSync(editorDistDirectory)) renameSync(editorDistDirectory, old);
  renameSync(outDir, editorDistDirectory);
  rmSync(old, { recursive: true, force: true });
  return report;
}

/** Builds the editor when it is missing or stale; null when it was up to date. */
export async function ensureEditorBuild(): Promise<EditorBuildReport | null> {
  const inputsHash = hashEditorInputs();
  if (!isEditorBuildStale(inputsHash)) return null;
  return buildEditor(inputsHash);
}

function formatKilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

function printReport(report: EditorBuildReport): void {
  const total = report.files.reduce((sum, file) => sum + file.bytes, 0);
  const totalGzip = report.files.reduce((sum, file) => sum + file.gzipBytes, 0);
  console.log(`Built the editor into editor/dist in ${(report.milliseconds / 1000).toFixed(1)} s.`);
  console.log(`  first load (sign-in): ${formatKilobytes(report.initial.bytes)} (${formatKilobytes(report.initial.gzipBytes)} gzip); all sections: ${formatKilobytes(total)} (${formatKilobytes(totalGzip)} gzip)`);
  for (const file of report.files) console.log(`  ${file.file.padEnd(42)} ${formatKilobytes(file.bytes).padStart(10)} ${formatKilobytes(file.gzipBytes).padStart(10)} gzip`);
}

async function main(args: string[]): Promise<void> {
  const ifStale = args.includes('--if-stale');
  try {
    if (ifStale) {
      const report = await ensureEditorBuild();
      if (report) printReport(report);
      else console.log('The editor build is up to date (editor/dist).');
    } else {
      printReport(await buildEditor());
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Starting the server must not fail for the editor: the API works without it, and `/` says what to do.
    if (ifStale) console.warn(`Could not build the editor (${message}); the server starts without it. Run "npm run editor:build" to see why.`);
    else throw error;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
