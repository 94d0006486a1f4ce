import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';

/**
 * A frame: `[u32 LE payload length][u32 LE CRC-32 of payload][payload]` (written by frame-buffer.ts,
 * read here). Log records and snapshot chunks are frames, so a torn write (a crash in the middle of an
 * append) or a flipped bit is detected where it starts: the length runs past the end of the file, or
 * the checksum does not match.
 */
export const FRAME_HEADER_BYTES = 8;

/** A frame larger than this is treated as garbage rather than allocated (a torn length field). */
const MAX_FRAME_BYTES = 1 << 30;

/** Where reading a file's frames stopped. */
export interface FrameScan {
  /** Offset just past the last valid frame. */
  validEnd: number;
  fileSize: number;
  /** Why reading stopped before the end of the file, if it did. */
  damage: string | null;
}

/**
 * Reads the frames of a file from `offset`, passing each payload to `onFrame` (a view into a reused
 * buffer: decode it before returning). Stops at the end of the file or at the first damaged frame.
 * A zero length is damage too: a file extended by a crash can end in zeros, whose checksum would pass.
 */
export function readFrames(path: string, offset: number, onFrame: (payload: Buffer, frameStart: number) => void): FrameScan {
  const fd = openSync(path, 'r');
  try {
    const fileSize = fstatSync(fd).size;
    let buffer = Buffer.allocUnsafe(8 << 20);
    let bufferStart = offset; // file offset of buffer[0]
    let filled = 0;
    let position = offset;
    const fill = (needed: number): boolean => {
      // Makes buffer hold at least `needed` bytes from `position`; false at end of file.
      const consumed = position - bufferStart;
      if (filled - consumed >= needed) return true;
      if (consumed > 0) {
        buffer.copy(buffer, 0, consumed, filled);
        filled -= consumed;
        bufferStart = position;
      }
      if (needed > buffer.length) {
        const larger = Buffer.allocUnsafe(Math.max(needed, buffer.length * 2));
        buffer.copy(larger, 0, 0, filled);
        buffer = larger;
      }
      while (filled < needed) {
        const read = readSync(fd, buffer, filled, buffer.length - filled, bufferStart + filled);
        if (read === 0) return false;
        filled += read;
      }
      return true;
    };
    while (position < fileSize) {
      if (!fill(FRAME_HEADER_BYTES)) return { validEnd: position, fileSize, damage: 'frame header cut short' };
      const at = position - bufferStart;
      const length = buffer.readUInt32LE(at);
      const checksum = buffer.readUInt32LE(at + 4);
      if (length === 0 || length > MAX_FRAME_BYTES) return { validEnd: position, fileSize, damage: `implausible frame length ${length}` };
      if (position + FRAME_HEADER_BYTES + length > fileSize || !fill(FRAME_HEADER_BYTES + length)) {
        return { validEnd: position, fileSize, damage: 'frame cut short' };
      }
      const start = position - bufferStart + FRAME_HEADER_BYTES;
      const payload = buffer.subarray(start, start + length);
      if (crc32(payload) !== checksum) return { validEnd: position, fileSize, damage: 'checksum mismatch' };
      onFrame(payload, position);
      position += FRAME_HEADER_BYTES + length;
    }
    return { validEnd: position, fileSize, damage: null };
  } finally {
    closeSync(fd);
  }
}

/** Reads `length` bytes at `offset` (a file header); shorter when the file is. */
export function readHead(path: string, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(length);
    const read = readSync(fd, head, 0, length, 0);
    return head.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
