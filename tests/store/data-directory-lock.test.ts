import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirectoryLockedError, openStore } from '../../engine/store/index';
import { commitWriterScript, followLines, spawnTypeScript } from '../support/child-process-lines';
import { crashCollections } from '../support/commit-writer';

const directories: string[] = [];
afterEach(() => {
  for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function temporaryDirectory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wayfarer-lock-'));
  directories.push(dir);
  return dir;
}

describe('data directory lock', () => {
  it('refuses a second process, naming the holder, and takes over once the holder is killed', async () => {
    const dataDir = temporaryDirectory();
    const child = spawnTypeScript(commitWriterScript, [dataDir, '0', String(64 << 20), '1']);
    // Wait for its first acknowledged commit, so that the takeover below has something to recover.
    let markCommitted: () => void = () => undefined;
    const committed = new Promise<void>((resolve) => (markCommitted = resolve));
    const exit = followLines(child, (line) => {
      if (!line.startsWith('ready')) markCommitted();
    });
    await Promise.race([committed, exit.then(({ code, stderr }) => Promise.reject(new Error(`the writer exited (${code}) before committing:\n${stderr}`)))]);

    const second = openStore({ dataDir });
    const refusal = await second.open(crashCollections).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(DataDirectoryLockedError);
    expect((refusal as Error).message).toContain(`in use by process ${child.pid}`);
    expect((refusal as DataDirectoryLockedError).holder).toMatchObject({ pid: child.pid, hostname: hostname() });

    child.kill('SIGKILL');
    await exit;
    expect(JSON.parse(readFileSync(join(dataDir, 'LOCK'), 'utf8')).pid).toBe(child.pid); // left behind
    const third = openStore({ dataDir });
    await third.open(crashCollections);
    expect(JSON.parse(readFileSync(join(dataDir, 'LOCK'), 'utf8')).pid).toBe(process.pid);
    expect(await third.collection('commits').count('ws_crash', {})).toBeGreaterThan(0);
    await third.close();
    expect(() => readFileSync(join(dataDir, 'LOCK'))).toThrow(/ENOENT/);
  }, 120_000);

  it('refuses a second store on the same directory in one process until the first closes', async () => {
    const dataDir = temporaryDirectory();
    const first = openStore({ dataDir });
    await first.open(crashCollections);
    await expect(openStore({ dataDir }).open(crashCollections)).rejects.toThrow(/already open in this process/);
    await first.close();
    const second = openStore({ dataDir });
    await second.open(crashCollections);
    await second.close();
  });

  it('judges a lock from another host by its heartbeat', async () => {
    const dataDir = temporaryDirectory();
    const lock = join(dataDir, 'LOCK');
    writeFileSync(lock, JSON.stringify({ pid: 4242, hostname: 'replaced-container', processStart: null, acquiredAt: '2024-01-01T00:00:00.000Z' }));
    await expect(openStore({ dataDir }).open(crashCollections)).rejects.toThrow(/in use by process 4242 on replaced-container .*expires 45 s after its last heartbeat/);
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, minuteAgo, minuteAgo);
    const store = openStore({ dataDir });
    await store.open(crashCollections);
    expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(process.pid);
    await store.close();
  });

  it('takes over a lock whose PID now belongs to an unrelated process', async () => {
    const dataDir = temporaryDirectory();
    // PID 1 is alive, but its start time differs from the one recorded: the PID was reused.
    writeFileSync(join(dataDir, 'LOCK'), JSON.stringify({ pid: 1, hostname: hostname(), processStart: '1', acquiredAt: '2020-01-01T00:00:00.000Z' }));
    const store = openStore({ dataDir });
    await store.open(crashCollections);
    expect(JSON.parse(readFileSync(join(dataDir, 'LOCK'), 'utf8')).pid).toBe(process.pid);
    await store.close();
  });
});
