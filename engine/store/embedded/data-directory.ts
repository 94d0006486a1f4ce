import { readdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The files of a data directory. Generations number the log files: snapshot `N` holds every commit
 * of the logs before `N`, and log `N` holds the commits made after it.
 *
 *   LOCK                        the holder of the directory (data-directory-lock.ts)
 *   000000000007.snapshot       a complete snapshot (only ever renamed into place when complete)
 *   000000000007.snapshot.tmp   a snapshot being written; ignored and removed on recovery
 *   000000000007.wal            write-ahead log of generation 7
 */
export interface DataDirectoryListing {
  snapshots: number[];
  logs: number[];
  temporary: string[];
}

const GENERATION_DIGITS = 12;

function generationName(generation: number): string {
  return String(generation).padStart(GENERATION_DIGITS, '0');
}

export function logPath(dataDir: string, generation: number): string {
  return join(dataDir, `${generationName(generation)}.wal`);
}

export function snapshotPath(dataDir: string, generation: number): string {
  return join(dataDir, `${generationName(generation)}.snapshot`);
}

/** Lists the generations present, ascending. */
export function listDataDirectory(dataDir: string): DataDirectoryListing {
  const listing: DataDirectoryListing = { snapshots: [], logs: [], temporary: [] };
  for (const name of readdirSync(dataDir)) {
    const match = /^(\d+)\.(wal|snapshot)(\.tmp)?$/.exec(name);
    if (!match) continue;
    if (match[3]) listing.temporary.push(join(dataDir, name));
    else (match[2] === 'wal' ? listing.logs : listing.snapshots).push(Number(match[1]));
  }
  listing.snapshots.sort((a, b) => a - b);
  listing.logs.sort((a, b) => a - b);
  return listing;
}

/**
 * Makes the directory's entries (created, renamed, removed files) durable. Asynchronous: a directory
 * fsync can wait tens of milliseconds on a busy disk, and the event loop must not wait with it.
 */
export async function fsyncDirectory(dataDir: string): Promise<void> {
  // Windows cannot open a directory as a file; NTFS makes renames durable with the file's own flush.
  if (process.platform === 'win32') return;
  const directory = await open(dataDir, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
