/**
 * The `wayfarer` command line: a small dispatcher of subcommands. Each subcommand is a module with a
 * `run(args)`; add yours to `commands` with one line.
 *
 *   npm start                    → tsx server/cli/main.ts start
 *   npm run wayfarer -- <command> [arguments]
 */
interface Command {
  summary: string;
  load: () => Promise<{ run(args: string[]): Promise<void> }>;
}

const commands: Record<string, Command> = {
  start: { summary: 'Start the server (PORT, WAYFARER_DATA_DIR, MONGODB_URI; see README.md)', load: () => import('./start') },
  worker: { summary: 'Run a delivery worker only: journey timers and the outbox (scale-out on MongoDB; see docs/delivery.md)', load: () => import('./worker') },
  'import-orders': { summary: 'Send an order-history CSV (UCI Online Retail or generic) to a running server', load: () => import('./import-orders') },
  pack: { summary: 'Validate (offline), import or export a rule pack (docs/packs.md)', load: () => import('./pack') },
  demo: { summary: 'Load the UCI Online Retail orders and the example pack into a running server (README "Example data")', load: () => import('./demo') },
};

function printUsage(): void {
  console.log('Usage: wayfarer <command> [arguments]\n\nCommands:');
  for (const [name, command] of Object.entries(commands)) console.log(`  ${name.padEnd(16)} ${command.summary}`);
}

async function main(argv: string[]): Promise<void> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    printUsage();
    return;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n`);
    printUsage();
    process.exitCode = 2;
    return;
  }
  await (await command.load()).run(args);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // A command that fails for a reason the operator can fix throws an Error whose message says how.
  console.error(error instanceof Error ? `wayfarer: ${error.message}` : error);
  process.exitCode = 1;
});
