import type { Writable } from 'node:stream';

/** What the progress display shows. */
export interface ProgressState {
  bytesRead: number;
  rowsRead: number;
  eventsSent: number;
}

/**
 * Import progress on stderr: a bar redrawn in place on a terminal (at most 10 times a second), plain
 * lines at every 10 % otherwise (logs, CI), so piping the output never fills it with redraws.
 */
export class ImportProgress {
  private lastDrawn = 0;
  private lastDecile = -1;

  constructor(
    private readonly output: Writable & { isTTY?: boolean; columns?: number },
    private readonly totalBytes: number,
  ) {}

  update(state: ProgressState, now = performance.now()): void {
    const fraction = this.totalBytes > 0 ? Math.min(1, state.bytesRead / this.totalBytes) : 0;
    if (this.output.isTTY) {
      if (now - this.lastDrawn < 100) return;
      this.lastDrawn = now;
      const width = 30;
      const filled = Math.round(fraction * width);
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
      this.output.write(`\r[${bar}] ${formatPercent(fraction)}  ${formatCount(state.rowsRead)} rows  ${formatCount(state.eventsSent)} events sent `);
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile === this.lastDecile) return;
    this.lastDecile = decile;
    this.output.write(`progress: ${formatPercent(fraction)} of the file, ${formatCount(state.rowsRead)} rows read, ${formatCount(state.eventsSent)} events sent\n`);
  }

  /** Ends the bar's line. */
  finish(state: ProgressState): void {
    this.lastDrawn = 0;
    this.lastDecile = -1;
    this.update({ ...state, bytesRead: this.totalBytes }, Number.POSITIVE_INFINITY);
    if (this.output.isTTY) this.output.write('\n');
  }
}

function formatPercent(fraction: number): string {
  return `${Math.floor(fraction * 100)}%`.padStart(4);
}

/** 541909 → "541,909". */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}
