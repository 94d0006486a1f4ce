import { crc32 } from 'node:zlib';
import { FRAME_HEADER_BYTES } from './record-frame';

/** Buffers that grew past this are not kept for reuse (one huge commit must not pin its memory). */
const MAX_RETAINED_BYTES = 16 << 20;

/**
 * Frames (record-frame.ts) encoded in place into one growing byte buffer, so a group of log records is
 * one `write` of bytes already laid out, and the buffer is reused for the next group.
 *
 * Performance notes: encoding a record used to allocate a Buffer of its own (`Buffer.byteLength`, then
 * `allocUnsafe` and `write`: two passes over the text and, past 4 KB, a fresh ArrayBuffer per commit) and the
 * group was concatenated into yet another one. Writing UTF-8 straight into a reused buffer is one pass
 * and no allocation: for a 34 KB record, 4–15× cheaper than the length pass, allocation and copy it
 * replaces (a micro-benchmark on the development machine; the spread is the machine's load).
 * A record is also written piece by piece (`appendText` per change), so no single string holds the
 * whole record: a 100-event commit no longer makes a 150 KB string in V8's large-object space.
 */
export class FrameBuffer {
  private bytes: Buffer;
  private used = 0;
  private frameStart = -1;

  constructor(initialBytes = 256 << 10) {
    this.bytes = Buffer.allocUnsafe(initialBytes);
  }

  /** Bytes of complete frames held. */
  get length(): number {
    return this.frameStart === -1 ? this.used : this.frameStart;
  }

  /** Starts a frame; its payload is every `appendText` until `endFrame`. */
  beginFrame(): void {
    if (this.frameStart !== -1) throw new Error('FrameBuffer.beginFrame() while a frame is open: end it first.');
    this.reserve(FRAME_HEADER_BYTES);
    this.frameStart = this.used;
    this.used += FRAME_HEADER_BYTES;
  }

  /** Appends `text` as UTF-8 to the open frame's payload. */
  appendText(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8, so this much room always suffices.
    this.reserve(text.length * 3);
    this.used += this.bytes.write(text, this.used, 'utf8');
  }

  /** Closes the open frame (length and CRC-32 in its header); returns its size in bytes. */
  endFrame(): number {
    const start = this.frameStart;
    if (start === -1) throw new Error('FrameBuffer.endFrame() without beginFrame().');
    const payloadStart = start + FRAME_HEADER_BYTES;
    this.bytes.writeUInt32LE(this.used - payloadStart, start);
    this.bytes.writeUInt32LE(crc32(this.bytes.subarray(payloadStart, this.used)), start + 4);
    this.frameStart = -1;
    return this.used - start;
  }

  /** Drops the open frame (its encoding failed), keeping the frames before it. */
  abandonFrame(): void {
    if (this.frameStart === -1) return;
    this.used = this.frameStart;
    this.frameStart = -1;
  }

  /** The complete frames, as a view valid until the next change to this buffer. */
  view(): Buffer {
    return this.bytes.subarray(0, this.length);
  }

  /** Empties the buffer for reuse; false when it grew too large to be worth keeping. */
  reset(): boolean {
    this.used = 0;
    this.frameStart = -1;
    return this.bytes.length <= MAX_RETAINED_BYTES;
  }

  private reserve(extra: number): void {
    const needed = this.used + extra;
    if (needed <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.bytes.length * 2));
    this.bytes.copy(grown, 0, 0, this.used);
    this.bytes = grown;
  }
}
