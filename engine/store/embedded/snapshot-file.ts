import { unlinkSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import type { CollectionImage } from './commit-log';
import { fsyncDirectory, snapshotPath } from './data-directory';
import type { Doc } from './document-filter';
import { FrameBuffer } from './frame-buffer';
import { readFrames, readHead } from './record-frame';

/**
 * A snapshot file: the magic `WFSNAP01`, then frames (record-frame.ts) of JSON:
 *
 *   { "meta": { format, generation, lastSequence, createdAt } }   first
 *   { "c": "<collection>", "d": [ ...documents ] }                 any number
 *   { "end": { documents } }                                        last
 *
 * It is written under a temporary name, fsynced, renamed into place and the directory fsynced, so a
 * snapshot either exists complete or not at all; the end frame and checksums catch later damage.
 */
const SNAPSHOT_MAGIC = Buffer.from('WFSNAP01', 'latin1');
const SNAPSHOT_FORMAT = 1;
/** Documents per frame, at most: large enough to amortise framing. */
const DOCUMENTS_PER_FRAME = 1000;
/**
 * Encoding runs in slices of about this many milliseconds. While the store serves, each slice is
 * followed by a pause of PAUSE_PER_SLICE times its length, so the snapshot takes at most a sixth of the
 * main thread (see writeSnapshot).
 */
const SLICE_MILLISECONDS = 1;
const PAUSE_PER_SLICE = 5;
/** Frames are gathered into writes of about this size, each made durable before the next (see writeSnapshot). */
const WRITE_BYTES = 1 << 20;

export interface SnapshotSummary {
  generation: number;
  /** Sequence number of the last commit the snapshot holds. */
  lastSequence: number;
  createdAt: string;
  documents: number;
  bytes: number;
}

/** A snapshot that exists but cannot be read: damage after it was written (disk, copy, hand edit). */
export class SnapshotDamagedError extends Error {
  constructor(path: string, reason: string) {
    super(`Snapshot ${path} is damaged (${reason}). It was complete when written, so the disk or a copy changed it; restore the data directory from a backup.`);
  }
}

/**
 * Waits `milliseconds`, or less if `wake` aborts meanwhile; once it has aborted, only a turn of the
 * event loop.
 */
function pauseUnless(wake: AbortSignal, milliseconds: number): Promise<void> {
  return new Promise((resolve) => {
    if (wake.aborted) return void setImmediate(resolve);
    const done = (): void => {
      clearTimeout(timer);
      wake.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, milliseconds);
    wake.addEventListener('abort', done);
  });
}

/**
 * Writes `image` as snapshot `generation` and returns its summary once it is durable. Until
 * `stopPacing` aborts (the store closes) it leaves most of the main thread to requests; from then on it
 * still yields to the event loop between slices but does not wait, not even the pause under way.
 */
export async function writeSnapshot(dataDir: string, generation: number, lastSequence: number, image: CollectionImage[], createdAt: string, stopPacing: AbortSignal = new AbortController().signal): Promise<SnapshotSummary> {
  const finalPath = snapshotPath(dataDir, generation);
  const draftPath = `${finalPath}.tmp`;
  const file = await open(draftPath, 'w');
  let bytes = 0;
  let documents = 0;
  try {
    // Performance notes: frames are encoded document by document straight into one reused buffer,
    // which is written whenever it holds about WRITE_BYTES. Encoding a 1,000-document frame as one
    // string made a string of up to megabytes in V8's large-object space per frame, measured again for
    // its UTF-8 length and copied into a fresh Buffer; the bytes written are the same.
    const frames = new FrameBuffer(WRITE_BYTES + (1 << 20));
    await file.write(SNAPSHOT_MAGIC);
    bytes += SNAPSHOT_MAGIC.length;
    const writeFull = async (force: boolean): Promise<void> => {
      if (frames.length === 0 || (!force && frames.length < WRITE_BYTES)) return;
      const data = frames.view();
      await file.write(data);
      await file.datasync();
      bytes += data.length;
      frames.reset();
    };
    frames.beginFrame();
    frames.appendText(JSON.stringify({ meta: { format: SNAPSHOT_FORMAT, generation, lastSequence, createdAt } }));
    frames.endFrame();
    // Performance notes: the whole image used to be encoded between file writes, one 4 MB write's
    // worth (20–40 ms) at a time, and every request arriving meanwhile waited: a snapshot under a
    // steady 1,000 events/s put stalls of up to 350 ms into bench/journeys' p99. A frame now also
    // ends when its slice of time is spent. With 2 ms slices and a turn of the event loop (setImmediate)
    // between them, a request still met a slice at nearly every turn it took (routing, the commit, the
    // fdatasync's completion, the reply), and a server whose main thread was already busy 44 % of the
    // time at that rate fell behind: a 60 MB snapshot slowed 130–200 requests past 10 ms. Now each 1 ms slice is
    // followed by five times its length of pause, so a snapshot takes at most a sixth of the main
    // thread, and that took it to 60–85 (bench/journeys' server, two runs each); the snapshot takes
    // about six times as long, in the background. Each write (about 1 MB) is also made durable before
    // the next, so the log's fdatasync, which on ext4 waits for other files' dirty data, never finds
    // more than that there. Measured on this machine's disk, a small write + fdatasync beside a 64 MB
    // file written in 4 MB chunks, each fdatasynced, took up to 12–16 ms (3–7 over 10 ms per 64 MB);
    // beside 1 MB chunks, at most 5.2–5.7 ms. In bench/journeys the requests slowed past 10 ms while a
    // snapshot was written went from 148 to 23–60 with this and the faster capture (documentsNow).
    let sliceStarted = performance.now();
    for (const { name, docs } of image) {
      for (let start = 0; start < docs.length; ) {
        const limit = Math.min(docs.length, start + DOCUMENTS_PER_FRAME);
        // The payload is exactly JSON.stringify({ c: name, d: docs.slice(start, end) }).
        frames.beginFrame();
        frames.appendText(`{"c":${JSON.stringify(name)},"d":[`);
        let end = start;
        while (end < limit) {
          frames.appendText(end === start ? JSON.stringify(docs[end]) : ',' + JSON.stringify(docs[end]));
          end++;
          // The clock is read every 32 documents.
          if ((end - start) % 32 === 0 && performance.now() - sliceStarted >= SLICE_MILLISECONDS) break;
        }
        frames.appendText(']}');
        frames.endFrame();
        documents += end - start;
        start = end;
        await writeFull(false);
        const sliceLength = performance.now() - sliceStarted;
        if (sliceLength >= SLICE_MILLISECONDS) {
          await pauseUnless(stopPacing, Math.ceil(sliceLength * PAUSE_PER_SLICE));
          sliceStarted = performance.now();
        }
      }
    }
    frames.beginFrame();
    frames.appendText(JSON.stringify({ end: { documents } }));
    frames.endFrame();
    await writeFull(true);
    await file.sync();
  } catch (error) {
    await file.close();
    unlinkSync(draftPath);
    throw error;
  }
  await file.close();
  await rename(draftPath, finalPath);
  await fsyncDirectory(dataDir);
  return { generation, lastSequence, createdAt, documents, bytes };
}

/** Reads snapshot `generation`, passing every document to `onDocument`; throws when it is damaged. */
export function readSnapshot(dataDir: string, generation: number, onDocument: (collection: string, doc: Doc) => void): SnapshotSummary {
  const path = snapshotPath(dataDir, generation);
  if (!readHead(path, SNAPSHOT_MAGIC.length).equals(SNAPSHOT_MAGIC)) throw new SnapshotDamagedError(path, 'not a Wayfarer snapshot');
  let meta: Omit<SnapshotSummary, 'documents' | 'bytes'> | null = null;
  let declared: number | null = null;
  let documents = 0;
  const scan = readFrames(path, SNAPSHOT_MAGIC.length, (payload) => {
    if (declared !== null) throw new SnapshotDamagedError(path, 'data after the end frame');
    const frame = JSON.parse(payload.toString('utf8')) as { meta?: SnapshotSummary & { format: number }; c?: string; d?: Doc[]; end?: { documents: number } };
    if (!meta) {
      if (!frame.meta || frame.meta.format !== SNAPSHOT_FORMAT) throw new SnapshotDamagedError(path, 'missing or unknown header');
      meta = { generation: frame.meta.generation, lastSequence: frame.meta.lastSequence, createdAt: frame.meta.createdAt };
      return;
    }
    if (frame.end) {
      declared = frame.end.documents;
      return;
    }
    for (const doc of frame.d ?? []) onDocument(frame.c!, doc);
    documents += frame.d?.length ?? 0;
  });
  if (scan.damage) throw new SnapshotDamagedError(path, `${scan.damage} at byte ${scan.validEnd}`);
  if (!meta || declared === null) throw new SnapshotDamagedError(path, 'no end frame');
  if (declared !== documents) throw new SnapshotDamagedError(path, `end frame counts ${declared} documents, found ${documents}`);
  const header = meta as Omit<SnapshotSummary, 'documents' | 'bytes'>;
  if (header.generation !== generation) throw new SnapshotDamagedError(path, `it says it is generation ${header.generation}`);
  return { ...header, documents, bytes: scan.fileSize };
}
