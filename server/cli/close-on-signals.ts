/**
 * SIGINT and SIGTERM run `close` once and print what it returns; the process then ends by itself.
 * Ctrl-C reaches the process twice (from the terminal, and relayed by tsx / npm), so a repeat within
 * a second is ignored; a signal that comes later is someone insisting, and exits at once.
 */
export function closeOnSignals(doing: string, close: () => Promise<string>): void {
  let closingSince: number | null = null;
  const onSignal = async (signal: NodeJS.Signals): Promise<void> => {
    if (closingSince !== null) {
      if (Date.now() - closingSince < 1_000) return;
      console.error(`${signal} again: exiting without waiting for the close to finish.`);
      process.exit(1);
    }
    closingSince = Date.now();
    console.log(`${signal}: ${doing}…`);
    try {
      console.log(await close());
      process.exitCode = 0;
    } catch (error) {
      console.error('Shutdown failed:', error);
      process.exitCode = 1;
    }
  };
  process.on('SIGINT', (signal) => void onSignal(signal));
  process.on('SIGTERM', (signal) => void onSignal(signal));
}
