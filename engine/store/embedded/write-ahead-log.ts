import { closeSync, ftruncateSync, fsyncSync, mkdirSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { type FileHandle, open, unlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CommitLog, RecoveryTarget } from './commit-log';
import { fsyncDirectory, listDataDirectory, logPath, snapshotPath } from './data-directory';
import { DataDirectoryLock } from './data-directory-lock';
import type { DocumentChange } from './memory-collection';
import { FrameBuffer } from './frame-buffer';
import { readFrames, readHead } from './record-frame';
import { readSnapshot, type SnapshotSummary, writeSnapshot } from './snapshot-file';

export interface WriteAheadLogOptions {
  /** The data directory; created if missing. */
  dataDir: string;
  /**
   * `true` (default): a commit is acknowledged once its record is on stable storage (fdatasync, shared
   * by every commit waiting at that moment). `false`: once it is in the operating system's page cache,
   * which survives the process being killed but not a power loss or kernel crash.
   */
  fsync?: boolean;
  /** When the current log grows past this many bytes, a snapshot starts a new generation (default 64 MiB). */
  snapshotThresholdBytes?: number;
}

/** `WFWAL001`, then the generation (u32 LE) and four reserved bytes. */
const LOG_MAGIC = Buffer.from('WFWAL001', 'latin1');
const LOG_HEADER_BYTES = 16;
const DEFAULT_SNAPSHOT_THRESHOLD = 64 << 20;

/** The log cannot be read back consistently: not something a crash produces. */
export class LogDamagedError extends Error {
  constructor(dataDir: string, reason: string) {
    super(`The write-ahead log in "${dataDir}" is damaged: ${reason}. A crash only ever tears the end of the newest log, so the disk or a copy changed these files; restore the data directory from a backup.`);
  }
}

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

/** Work for the writer, in order: records to append, or a switch to a new generation. */
type QueueItem = { kind: 'records'; frames: FrameBuffer | null; waiters: Waiter[] } | { kind: 'rotate'; generation: number; waiters: Waiter[] };

interface RecoveryReport {
  snapshotGeneration: number | null;
  snapshotDocuments: number;
  logRecords: number;
  /** Bytes of a torn last record dropped from the end of the newest log. */
  droppedTailBytes: number;
  damage: string | null;
  milliseconds: number;
}

function logHeader(generation: number): Buffer {
  const header = Buffer.alloc(LOG_HEADER_BYTES);
  LOG_MAGIC.copy(header, 0);
  header.writeUInt32LE(generation, LOG_MAGIC.length);
  return header;
}

/**
 * The embedded store's durable commit log: a write-ahead log in generations plus snapshots, in one data
 * directory held under an exclusive lock (see docs/storage.md for formats and guarantees).
 *
 * - Every commit is one framed record `{ s: sequence, c: changes }`; a commit is acknowledged once its
 *   record is written (and, with `fsync`, fdatasynced). Records waiting together share one write and
 *   one fdatasync (group commit).
 * - When the log passes `snapshotThresholdBytes`, and on a clean close, the writer switches to a new log
 *   generation N and an image of memory taken at that instant is written as snapshot N. Once it is
 *   durable, older generations are deleted. Recovery loads the newest snapshot and replays the logs from
 *   its generation on, skipping records the snapshot already holds (by sequence number).
 * - A failed write or fdatasync poisons the log: every later commit is refused, because what is in
 *   memory may no longer match the disk. The process must restart and recover.
 */
export class WriteAheadLog implements CommitLog {
  private readonly dataDir: string;
  private readonly fsync: boolean;
  private readonly snapshotThreshold: number;
  private lock: DataDirectoryLock | null = null;
  private target: RecoveryTarget | null = null;
  private file: FileHandle | null = null;
  private position = 0;
  private generation = 0;
  private sequence = 0;
  /** Bytes accepted into the current generation, written or still queued. */
  private generationBytes = 0;
  private readonly queue: QueueItem[] = [];
  /** Frame buffers whose records are written, kept for the next groups (see frame-buffer.ts). */
  private readonly spareBuffers: FrameBuffer[] = [];
  private writing = false;
  private failure: Error | null = null;
  private snapshotTask: Promise<void> | null = null;
  /** Aborted when the log closes: a snapshot under way stops leaving the main thread to requests. */
  private readonly closing = new AbortController();
  private snapshotSequence = 0;
  private lastSnapshot: SnapshotSummary | null = null;
  private snapshotError: string | null = null;
  private recovery: RecoveryReport | null = null;
  private closed = false;
  /** Group commit at work: records appended, and the writes (each followed by one fdatasync) they took. */
  private appended = 0;
  private writes = 0;

  constructor(options: WriteAheadLogOptions) {
    this.dataDir = resolve(options.dataDir);
    this.fsync = options.fsync ?? true;
    this.snapshotThreshold = options.snapshotThresholdBytes ?? DEFAULT_SNAPSHOT_THRESHOLD;
  }

  async recover(target: RecoveryTarget): Promise<void> {
    if (this.target) throw new Error('WriteAheadLog.recover() runs once per log.');
    const started = performance.now();
    mkdirSync(this.dataDir, { recursive: true });
    this.lock = DataDirectoryLock.acquire(this.dataDir);
    try {
      this.target = target;
      const { logs, validEnd, ...report } = this.replay(target);
      // Generations a finished snapshot made obsolete, if a crash came before they were deleted.
      await this.removeGenerationsBefore(report.snapshotGeneration ?? 0);
      await this.openCurrentGeneration(logs, validEnd, report.snapshotGeneration);
      this.recovery = { ...report, milliseconds: Math.round(performance.now() - started) };
    } catch (error) {
      this.lock.release();
      this.lock = null;
      throw error;
    }
    if (this.generationBytes >= this.snapshotTrigger()) this.startSnapshot();
  }

  /** Loads the newest snapshot and every later record; leaves the newest log cut at its last valid record. */
  private replay(target: RecoveryTarget): Omit<RecoveryReport, 'milliseconds'> & { logs: number[]; validEnd: number } {
    const listing = listDataDirectory(this.dataDir);
    for (const draft of listing.temporary) unlinkSync(draft); // a snapshot a crash interrupted
    const base = listing.snapshots.at(-1) ?? null;
    let snapshotDocuments = 0;
    if (base !== null) {
      const summary = readSnapshot(this.dataDir, base, (collection, doc) => target.apply({ collection, put: doc }));
      this.sequence = this.snapshotSequence = summary.lastSequence;
      this.lastSnapshot = summary;
      snapshotDocuments = summary.documents;
    }
    const logs = listing.logs.filter((generation) => base === null || generation >= base);
    if (base === null && logs.length > 0 && logs[0] !== 1) {
      throw new LogDamagedError(this.dataDir, `there is no snapshot, yet the logs start at generation ${logs[0]}`);
    }
    for (let i = 1; i < logs.length; i++) {
      if (logs[i] !== logs[i - 1] + 1) throw new LogDamagedError(this.dataDir, `log generation ${logs[i - 1] + 1} is missing`);
    }
    let logRecords = 0;
    let droppedTailBytes = 0;
    let damage: string | null = null;
    let validEnd = 0;
    for (let i = 0; i < logs.length; i++) {
      const path = logPath(this.dataDir, logs[i]);
      const isNewest = i === logs.length - 1;
      const header = readHead(path, LOG_HEADER_BYTES);
      if (header.length < LOG_HEADER_BYTES || header.every((byte) => byte === 0)) {
        // Created by a generation switch the crash interrupted before its header was durable.
        if (!isNewest) throw new LogDamagedError(this.dataDir, `log generation ${logs[i]} has no header`);
        validEnd = 0;
        droppedTailBytes += header.length;
        continue;
      }
      if (!header.subarray(0, LOG_MAGIC.length).equals(LOG_MAGIC) || header.readUInt32LE(LOG_MAGIC.length) !== logs[i]) {
        throw new LogDamagedError(this.dataDir, `${path} is not log generation ${logs[i]}`);
      }
      const scan = readFrames(path, LOG_HEADER_BYTES, (payload, at) => {
        const record = JSON.parse(payload.toString('utf8')) as { s: number; c: DocumentChange[] };
        if (record.s <= this.sequence) return; // already in the snapshot
        if (record.s !== this.sequence + 1) throw new LogDamagedError(this.dataDir, `record ${this.sequence + 1} is missing before byte ${at} of ${path}`);
        for (const change of record.c) target.apply(change);
        this.sequence = record.s;
        logRecords++;
      });
      if (scan.damage) {
        if (!isNewest) throw new LogDamagedError(this.dataDir, `${scan.damage} at byte ${scan.validEnd} of ${path}, which is not the newest log`);
        damage = `${scan.damage} at byte ${scan.validEnd} of ${path}`;
        droppedTailBytes += scan.fileSize - scan.validEnd;
      }
      validEnd = scan.validEnd;
    }
    return { snapshotGeneration: base, snapshotDocuments, logRecords, droppedTailBytes, damage, logs, validEnd };
  }

  /** Opens the newest log for appending after its last valid record, or starts one. */
  private async openCurrentGeneration(logs: number[], validEnd: number, snapshotGeneration: number | null): Promise<void> {
    const newest = logs.at(-1);
    if (newest === undefined || validEnd === 0) {
      this.generation = newest ?? snapshotGeneration ?? 1;
      this.file = await this.createLog(this.generation);
      this.position = LOG_HEADER_BYTES;
      this.generationBytes = 0;
      return;
    }
    this.generation = newest;
    const path = logPath(this.dataDir, newest);
    if (statSync(path).size > validEnd) {
      // Cut the torn tail, so records appended from now on follow the last valid one.
      const fd = openSync(path, 'r+');
      try {
        ftruncateSync(fd, validEnd);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    this.file = await open(path, 'r+');
    this.position = validEnd;
    this.generationBytes = validEnd - LOG_HEADER_BYTES;
  }

  private async createLog(generation: number): Promise<FileHandle> {
    const file = await open(logPath(this.dataDir, generation), 'w');
    await file.write(logHeader(generation), 0, LOG_HEADER_BYTES, 0);
    await file.datasync();
    await fsyncDirectory(this.dataDir);
    return file;
  }

  append(changes: DocumentChange[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (!this.file || this.closed) throw new Error('The write-ahead log is not open: recover() first, and do not write after close().');
    let group = this.queue.at(-1);
    if (group?.kind !== 'records') this.queue.push((group = { kind: 'records', frames: null, waiters: [] }));
    const frames = (group.frames ??= this.spareBuffers.pop() ?? new FrameBuffer());
    // The payload is exactly JSON.stringify({ s, c: changes }), written change by change.
    frames.beginFrame();
    try {
      frames.appendText(`{"s":${this.sequence + 1},"c":[`);
      for (let i = 0; i < changes.length; i++) frames.appendText(i === 0 ? JSON.stringify(changes[i]) : ',' + JSON.stringify(changes[i]));
      frames.appendText(']}');
    } catch (error) {
      // A document JSON cannot hold (a cycle, a BigInt) is a bug of the caller; the log stays whole.
      frames.abandonFrame();
      throw error;
    }
    const bytes = frames.endFrame();
    this.sequence++;
    this.generationBytes += bytes;
    this.appended++;
    const done = new Promise<void>((resolve, reject) => group.waiters.push({ resolve, reject }));
    if (this.generationBytes >= this.snapshotTrigger() && !this.snapshotTask) this.startSnapshot();
    this.startWriting();
    return done;
  }

  /**
   * How many bytes the current generation may reach before a snapshot starts a new one: the threshold,
   * or the size of the last snapshot when that is larger. Performance notes: a snapshot rewrites every
   * document, so with a fixed threshold its cost per logged byte grew with the data (a 600 MB store
   * rewritten every 64 MiB of log); letting the log grow as large as the last snapshot keeps it at most
   * one snapshot byte per log byte, while recovery still replays at most about one snapshot's worth.
   */
  private snapshotTrigger(): number {
    return Math.max(this.snapshotThreshold, this.lastSnapshot?.bytes ?? 0);
  }

  flush(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.queue.length === 0 && !this.writing) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const last = this.queue.at(-1);
      if (last) last.waiters.push({ resolve, reject });
      else this.queue.push({ kind: 'records', frames: null, waiters: [{ resolve, reject }] });
      this.startWriting();
    });
  }

  private startWriting(): void {
    if (this.writing) return;
    this.writing = true;
    // After the current task's other commits have queued their records, so they share the write.
    queueMicrotask(() => void this.drain());
  }

  /** The single writer: takes queued work in order; records queued meanwhile form the next group. */
  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0 && !this.failure) {
        const item = this.queue.shift()!;
        try {
          if (item.kind === 'records') await this.writeRecords(item);
          else await this.switchGeneration(item.generation);
        } catch (error) {
          this.poison(error as Error, item);
          return;
        }
        for (const waiter of item.waiters) waiter.resolve();
      }
    } finally {
      this.writing = false;
    }
  }

  /**
   * Writes a group of records, then (with `fsync`) waits for one fdatasync. The write itself is
   * synchronous: into the page cache it takes microseconds, while a trip through libuv's thread pool
   * costs far more on a busy machine — so a commit pays one such trip (the fdatasync), or none.
   */
  private async writeRecords(item: Extract<QueueItem, { kind: 'records' }>): Promise<void> {
    const frames = item.frames;
    if (!frames || frames.length === 0) return;
    const data = frames.view();
    const bytes = data.length;
    for (let written = 0; written < bytes; ) written += writeSync(this.file!.fd, data, written, bytes - written, this.position + written);
    this.position += bytes;
    this.writes++;
    // Written into the page cache: the bytes are no longer needed, whatever the fdatasync says.
    item.frames = null;
    if (frames.reset()) this.spareBuffers.push(frames);
    if (this.fsync) await this.file!.datasync();
  }

  /** Closes the current log durably (even without `fsync`: older generations are always complete) and opens the next. */
  private async switchGeneration(generation: number): Promise<void> {
    await this.file!.datasync();
    await this.file!.close();
    this.file = await this.createLog(generation);
    this.position = LOG_HEADER_BYTES;
  }

  private poison(error: Error, item: QueueItem): void {
    this.failure = new Error(`The write-ahead log in "${this.dataDir}" failed (${error.message}); the store refuses further writes. Restart the process: recovery restores every acknowledged commit.`);
    this.failure.cause = error;
    for (const waiter of item.waiters) waiter.reject(this.failure);
    for (const queued of this.queue.splice(0)) for (const waiter of queued.waiters) waiter.reject(this.failure);
  }

  /**
   * Starts generation N+1 and writes snapshot N+1 of memory as it is now. The image is taken in the same
   * tick as the switch is queued, so it holds exactly the records of generations up to N.
   */
  private startSnapshot(): void {
    const generation = ++this.generation;
    const lastSequence = this.sequence;
    const image = this.target!.capture();
    const switched = new Promise<void>((resolve, reject) => this.queue.push({ kind: 'rotate', generation, waiters: [{ resolve, reject }] }));
    this.generationBytes = 0;
    this.startWriting();
    this.snapshotTask = (async () => {
      await switched;
      const summary = await writeSnapshot(this.dataDir, generation, lastSequence, image, new Date().toISOString(), this.closing.signal);
      this.lastSnapshot = summary;
      this.snapshotSequence = lastSequence;
      this.snapshotError = null;
      await this.removeGenerationsBefore(generation);
    })()
      .catch((error: Error) => {
        // The logs are all still there, so recovery stays complete; the next threshold crossing retries.
        this.snapshotError = error.message;
      })
      .finally(() => {
        this.snapshotTask = null;
      });
  }

  /** Deletes the snapshots and logs older than `generation` (off the event loop: a large unlink takes a while). */
  private async removeGenerationsBefore(generation: number): Promise<void> {
    const listing = listDataDirectory(this.dataDir);
    const obsolete = [
      ...listing.snapshots.filter((old) => old < generation).map((old) => snapshotPath(this.dataDir, old)),
      ...listing.logs.filter((old) => old < generation).map((old) => logPath(this.dataDir, old)),
    ];
    for (const path of obsolete) await unlink(path);
    if (obsolete.length > 0) await fsyncDirectory(this.dataDir);
  }

  describe(): Record<string, unknown> {
    return {
      persistent: true,
      dataDir: this.dataDir,
      fsync: this.fsync,
      generation: this.generation,
      logBytes: this.generationBytes,
      sequence: this.sequence,
      groupCommit: { records: this.appended, writes: this.writes },
      snapshotThresholdBytes: this.snapshotThreshold,
      lastSnapshot: this.lastSnapshot,
      snapshotError: this.snapshotError,
      recovery: this.recovery,
      failure: this.failure?.message ?? null,
    };
  }

  /** Waits for pending writes, writes a snapshot (so the next open replays nothing) and releases the lock. */
  async close(): Promise<void> {
    if (this.closed || !this.file) return;
    // A snapshot under way stops pausing at once, and the closing one never pauses.
    this.closing.abort();
    await this.flush().catch(() => undefined);
    await this.snapshotTask;
    if (!this.failure && this.sequence > this.snapshotSequence) {
      this.startSnapshot();
      await this.snapshotTask;
      await this.flush().catch(() => undefined);
    }
    this.closed = true;
    await this.file.close();
    this.file = null;
    this.lock?.release();
    this.lock = null;
  }
}
