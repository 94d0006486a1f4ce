import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** Who holds a data directory: written into its `LOCK` file. */
export interface LockHolder {
  pid: number;
  hostname: string;
  /** The holder's start time from /proc (Linux), so a recycled PID is not mistaken for the holder. */
  processStart: string | null;
  acquiredAt: string;
}

/**
 * The holder touches the lock file this often; a lock from another host (a container that was replaced,
 * shared storage) whose file has not been touched for `STALE_AFTER_MS` belongs to a dead process.
 */
const HEARTBEAT_MS = 10_000;
const STALE_AFTER_MS = 45_000;

/** A second process (or a second store in this one) tried to open a data directory already in use. */
export class DataDirectoryLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      holder.pid === process.pid && holder.hostname === hostname()
        ? `Data directory "${dataDir}" is already open in this process (PID ${holder.pid}). Close the other store first, or use another dataDir.`
        : `Data directory "${dataDir}" is in use by process ${holder.pid} on ${holder.hostname} (since ${holder.acquiredAt}). ` +
            `Stop that process, or point this one at another dataDir.` +
            (holder.hostname === hostname() ? '' : ` If that host's process is gone, its lock expires ${STALE_AFTER_MS / 1000} s after its last heartbeat.`),
    );
  }
}

/** The start time of a process as the kernel reports it, or `null` where /proc is not available. */
function readProcessStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime) counts from after the parenthesised command name, which may contain spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** Whether the process that wrote `holder` (in the lock file at `path`) still runs. */
function isHolderAlive(holder: LockHolder, path: string): boolean {
  if (holder.hostname !== hostname()) {
    // Another host's process cannot be asked; its heartbeat says whether it is still there.
    try {
      return Date.now() - statSync(path).mtimeMs < STALE_AFTER_MS;
    } catch {
      return false;
    }
  }
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const start = readProcessStart(holder.pid);
  return holder.processStart === null || start === null || start === holder.processStart;
}

function readHolder(path: string): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    return typeof holder.pid === 'number' ? holder : null;
  } catch {
    return null;
  }
}

/**
 * An exclusive lock on a data directory: a `LOCK` file created atomically (link(2) of a complete
 * temporary file, so it is never seen half-written) naming the holder, and touched every 10 s. A lock
 * whose holder is dead — by PID on this host, by a stale heartbeat from another — is taken over; a live
 * holder yields `DataDirectoryLockedError`.
 */
export class DataDirectoryLock {
  private readonly heartbeat: ReturnType<typeof setInterval>;

  private constructor(
    private readonly path: string,
    private readonly content: string,
  ) {
    this.heartbeat = setInterval(() => {
      try {
        const now = new Date();
        utimesSync(path, now, now);
      } catch {
        // The file is gone (released, or removed by hand): nothing to keep alive.
      }
    }, HEARTBEAT_MS);
    this.heartbeat.unref(); // the lock never keeps a process alive
  }

  /** Takes the lock on `dataDir` or throws `DataDirectoryLockedError`. */
  static acquire(dataDir: string): DataDirectoryLock {
    const path = join(dataDir, 'LOCK');
    const holder: LockHolder = { pid: process.pid, hostname: hostname(), processStart: readProcessStart(process.pid), acquiredAt: new Date().toISOString() };
    const content = JSON.stringify(holder) + '\n';
    const draft = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(draft, content);
    try {
      for (let attempt = 0; attempt < 5; attempt++) {
        try {
          linkSync(draft, path);
          return new DataDirectoryLock(path, content);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
        const current = readHolder(path);
        if (current && isHolderAlive(current, path)) throw new DataDirectoryLockedError(dataDir, current);
        DataDirectoryLock.removeStale(path, current);
      }
      throw new Error(`Could not take the lock on data directory "${dataDir}": it kept changing hands. Is another process starting on it at the same time?`);
    } finally {
      unlinkSync(draft);
    }
  }

  /**
   * Removes a dead holder's lock. It is first renamed aside (atomic), then checked: if a live process
   * took the lock in between, its file is put back rather than deleted.
   */
  private static removeStale(path: string, stale: LockHolder | null): void {
    const aside = `${path}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
    try {
      renameSync(path, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const moved = readHolder(aside);
    const isTheStaleOne = stale === null ? moved === null : moved !== null && moved.pid === stale.pid && moved.acquiredAt === stale.acquiredAt;
    if (!isTheStaleOne) {
      try {
        linkSync(aside, path);
      } catch {
        // Someone else holds the lock now; the next attempt reports them.
      }
    }
    unlinkSync(aside);
  }

  /** Releases the lock if this process still holds it. */
  release(): void {
    clearInterval(this.heartbeat);
    try {
      if (readFileSync(this.path, 'utf8') === this.content) unlinkSync(this.path);
    } catch {
      // Already gone: nothing to release.
    }
  }
}
