import { spawn, type ChildProcess } from 'node:child_process';
import { repositoryRoot } from './cli-process';

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  /** SIGTERM, then resolves with the exit code once the worker has finished its deliveries and exited. */
  stop(): Promise<number | null>;
}

/**
 * Starts `wayfarer worker` as a real child process (node + tsx) with exactly the WAYFARER_* settings
 * given, and waits until it reports that it runs.
 */
export async function startWorkerProcess(env: Record<string, string>, timeoutMs = 30_000): Promise<WorkerProcess> {
  const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('WAYFARER_')));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', 'worker'], { cwd: repositoryRoot, env: { ...baseEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The worker did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = () => {
      if (/delivery worker \S+ running/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`The worker exited with code ${code} before running:\n${output}`));
    });
  });
  return {
    child,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
