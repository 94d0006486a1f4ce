import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ImportProgress } from '../../server/cli/import-progress';

function captureStream(isTTY: boolean): Writable & { isTTY: boolean; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return Object.assign(stream, { isTTY, text: () => chunks.join('') });
}

describe('import progress', () => {
  it('redraws one bar in place on a terminal, at most ten times a second', () => {
    const output = captureStream(true);
    const progress = new ImportProgress(output, 1000);
    progress.update({ bytesRead: 100, rowsRead: 10, eventsSent: 1 }, 1000);
    progress.update({ bytesRead: 200, rowsRead: 20, eventsSent: 2 }, 1050);
    progress.update({ bytesRead: 500, rowsRead: 50, eventsSent: 5 }, 1200);
    progress.finish({ bytesRead: 900, rowsRead: 90, eventsSent: 9 });
    const draws = output.text().split('\r').filter(Boolean);
    expect(draws).toHaveLength(3);
    expect(draws[1]).toContain(' 50%  50 rows  5 events sent');
    expect(draws[2]).toBe(`[${'█'.repeat(30)}] 100%  90 rows  9 events sent \n`);
  });

  it('writes plain lines, one per tenth of the file, when not on a terminal', () => {
    const output = captureStream(false);
    const progress = new ImportProgress(output, 1000);
    for (let bytes = 0; bytes <= 1000; bytes += 50) progress.update({ bytesRead: bytes, rowsRead: bytes, eventsSent: bytes / 10 }, bytes);
    progress.finish({ bytesRead: 1000, rowsRead: 1234, eventsSent: 100 });
    const lines = output.text().trim().split('\n');
    expect(output.text()).not.toContain('\r');
    expect(lines).toHaveLength(12);
    expect(lines[lines.length - 1]).toBe('progress: 100% of the file, 1,234 rows read, 100 events sent');
  });
});
