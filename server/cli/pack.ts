import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Problem } from '../../engine/errors/index';
import { checkPack, createOfflinePackContext } from '../../engine/packs/index';
import type { RulePack, RulePackImport, RulePackValidation } from '../../schemas/types';
import { formatProblem, isProblem, PackApiClient, ServerUnreachableError } from './pack-api-client';

const usage = `Usage: wayfarer pack <validate|import|export> [FILE] [options]

  wayfarer pack validate FILE      check a rule pack OFFLINE (no server): the schema, every segment,
                                   trait, journey and template, and the references between them,
                                   against the built-in fact catalogue, as if imported into an empty
                                   workspace. Prints every problem as "pointer: message"; exit code 1
                                   when there is one. --server checks it against the running server's
                                   workspace instead (its traits, segments and templates).
  wayfarer pack import FILE        import a rule pack into the running server: all or nothing.
      --on-conflict fail|skip|replace   ids the workspace already has (default fail)
      --publish                          publish the journeys (default: drafts)
  wayfarer pack export             print the workspace's definitions as a rule pack (> FILE)
      --segments ID,…  --traits ID,…  --journeys ID,…  --templates ID,…   only these (empty: none)
      --name NAME  --description TEXT  --output FILE

FILE may be - for standard input. Server options (import, export, validate --server):
  --url URL          default WAYFARER_URL, else http://localhost:\${PORT:-3000}
  --admin-key KEY    default WAYFARER_ADMIN_KEY
docs/packs.md describes packs, validation and the conflict policy.`;

interface PackArguments {
  action: 'validate' | 'import' | 'export';
  file: string | null;
  server: boolean;
  url: string;
  adminKey: string | null;
  onConflict: 'fail' | 'skip' | 'replace';
  publish: boolean;
  selection: Record<'segments' | 'traits' | 'journeys' | 'templates', string | undefined>;
  name: string | undefined;
  description: string | undefined;
  output: string | undefined;
}

/** `wayfarer pack …`: exit 0 on success, 1 when the pack has problems or the server refused it, 2 on a usage error. */
export async function run(args: string[]): Promise<void> {
  const parsed = parsePackArguments(args, process.env);
  if (typeof parsed === 'string') {
    if (parsed === 'help') console.log(usage);
    else {
      console.error(`wayfarer pack: ${parsed}\n\n${usage}`);
      process.exitCode = 2;
    }
    return;
  }
  try {
    process.exitCode = await runPackCommand(parsed);
  } catch (error) {
    if (!(error instanceof ServerUnreachableError) && !isReadError(error)) throw error;
    console.error(`wayfarer pack ${parsed.action}: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}

function isReadError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES';
}

/** The arguments, a usage error, or 'help'. */
export function parsePackArguments(args: string[], env: NodeJS.ProcessEnv): PackArguments | string {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        server: { type: 'boolean' },
        url: { type: 'string' },
        'admin-key': { type: 'string' },
        'on-conflict': { type: 'string' },
        publish: { type: 'boolean' },
        segments: { type: 'string' },
        traits: { type: 'string' },
        journeys: { type: 'string' },
        templates: { type: 'string' },
        name: { type: 'string' },
        description: { type: 'string' },
        output: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return (error as Error).message;
  }
  if (values.help) return 'help';
  const [action, ...files] = positionals;
  if (action !== 'validate' && action !== 'import' && action !== 'export') return action === undefined ? 'say what to do: validate, import or export.' : `unknown action "${action}": validate, import or export.`;
  if (action === 'export' && files.length > 0) return 'export takes no file: it prints the pack (redirect it, or use --output FILE).';
  if (action !== 'export' && files.length !== 1) return files.length === 0 ? `name the pack file to ${action} (or - for standard input).` : `one pack at a time, not ${files.length}.`;
  const onConflict = values['on-conflict'] ?? 'fail';
  if (onConflict !== 'fail' && onConflict !== 'skip' && onConflict !== 'replace') return `--on-conflict must be fail, skip or replace, not "${onConflict}".`;
  const url = values.url ?? env.WAYFARER_URL ?? `http://localhost:${env.PORT || 3000}`;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) return `--url must be an http(s) URL, not "${url}".`;
  const adminKey = values['admin-key'] ?? env.WAYFARER_ADMIN_KEY ?? null;
  const server = action !== 'validate' || values.server === true;
  if (server && !adminKey) return 'no admin key: pass --admin-key KEY or set WAYFARER_ADMIN_KEY (the key `npm start` printed when it created the workspace).';
  return {
    action,
    file: files[0] ?? null,
    server,
    url,
    adminKey,
    onConflict,
    publish: values.publish ?? false,
    selection: { segments: values.segments, traits: values.traits, journeys: values.journeys, templates: values.templates },
    name: values.name,
    description: values.description,
    output: values.output,
  };
}

async function readPackText(file: string): Promise<string> {
  if (file !== '-') return readFile(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Every problem as `pointer: message` (the code in brackets), one a line. */
function printProblems(problem: Problem, file: string): void {
  console.error(`${file}: ${problem.message}`);
  for (const detail of problem.details) console.error(`${detail.pointer || '(the whole document)'}: ${detail.message}${detail.code && detail.code !== problem.code ? ` [${detail.code}]` : ''}`);
}

async function runPackCommand(options: PackArguments): Promise<number> {
  const client = options.server ? new PackApiClient(options.url, options.adminKey!) : null;
  if (options.action === 'export') return exportPackCommand(client!, options);
  const text = await readPackText(options.file!);
  const name = options.file === '-' ? 'standard input' : options.file!;
  let pack: unknown;
  try {
    pack = JSON.parse(text);
  } catch (error) {
    console.error(`${name}: not valid JSON: ${(error as Error).message}`);
    return 1;
  }
  if (options.action === 'validate') return client ? validateOnServer(client, text, name) : validateOffline(pack, name);
  return importPackCommand(client!, text, name, options);
}

function validateOffline(pack: unknown, name: string): number {
  const checked = checkPack(pack, createOfflinePackContext());
  if (!checked.ok) {
    printProblems(checked.problem, name);
    return 1;
  }
  for (const warning of checked.value.warnings) console.log(`warning ${warning.pointer || '(the whole document)'}: ${warning.message}`);
  const { segments, traits, journeys, templates } = checked.value;
  console.log(`${name}: valid rule pack "${checked.value.pack.name}": ${segments.length} segments, ${traits.length} traits, ${journeys.length} journeys, ${templates.length} templates (checked offline against the built-in fact catalogue).`);
  return 0;
}

async function validateOnServer(client: PackApiClient, text: string, name: string): Promise<number> {
  const answer = await client.request<RulePackValidation | Problem>('POST', '/api/packs/validate', text);
  if (answer.status !== 200 || !('valid' in answer.body)) {
    console.error(isProblem(answer.body) ? formatProblem(answer.body) : `The server answered ${answer.status}.`);
    return 1;
  }
  const validation = answer.body;
  if (validation.problem) printProblems(validation.problem as Problem, name);
  for (const warning of validation.warnings) console.log(`warning ${warning.pointer || '(the whole document)'}: ${warning.message}`);
  for (const conflict of validation.conflicts) console.log(`${conflict.pointer}: the workspace already has the ${conflict.kind} "${conflict.id}" (import with --on-conflict skip or replace).`);
  if (validation.valid) console.log(`${name}: valid for the workspace at ${client.url}.`);
  return validation.valid ? 0 : 1;
}

async function importPackCommand(client: PackApiClient, text: string, name: string, options: PackArguments): Promise<number> {
  const query = new URLSearchParams({ onConflict: options.onConflict, publish: String(options.publish) });
  const answer = await client.request<RulePackImport | Problem>('POST', `/api/packs/import?${query}`, text);
  if (answer.status !== 200 || isProblem(answer.body)) {
    if (isProblem(answer.body)) printProblems(answer.body, name);
    else console.error(`The server answered ${answer.status}.`);
    return 1;
  }
  const report = answer.body;
  console.log(`Imported "${report.name}" into ${client.url} (onConflict ${report.onConflict}, journeys ${report.publish ? 'published' : 'saved as drafts'}):`);
  for (const item of report.items) console.log(`  ${item.action.padEnd(9)} ${item.kind.padEnd(8)} ${item.id}${item.version !== undefined ? ` v${item.version}` : ''}${item.status ? ` (${item.status})` : ''}`);
  for (const segment of report.recomputed) console.log(`  segment ${segment.segmentId}: ${segment.size} members (${segment.entered} entered, ${segment.exited} left)`);
  if (report.backfill) console.log('  computed traits are being backfilled over every customer (a few seconds to minutes).');
  // Warnings name what the import did that someone should act on, such as a draft a published version now stands above.
  for (const warning of report.warnings) console.log(`warning ${warning.pointer || '(the whole document)'}: ${warning.message}`);
  return 0;
}

async function exportPackCommand(client: PackApiClient, options: PackArguments): Promise<number> {
  const query = new URLSearchParams();
  for (const [kind, ids] of Object.entries(options.selection)) if (ids !== undefined) query.set(kind, ids);
  if (options.name !== undefined) query.set('name', options.name);
  if (options.description !== undefined) query.set('description', options.description);
  const answer = await client.request<RulePack | Problem>('GET', `/api/packs/export${query.size > 0 ? `?${query}` : ''}`);
  if (answer.status !== 200 || isProblem(answer.body)) {
    console.error(isProblem(answer.body) ? formatProblem(answer.body) : `The server answered ${answer.status}.`);
    return 1;
  }
  const text = JSON.stringify(answer.body, null, 2) + '\n';
  if (options.output) await writeFile(options.output, text);
  else process.stdout.write(text);
  return 0;
}
