import { readFileSync } from 'node:fs';
import type { Transaction } from '../../engine/models';

/**
 * The CDNOW sample of Fader, Hardie & Lee (2005): 6,919 transactions of 2,357 customers who first bought
 * in the first quarter of 1997. Read from ../shared/data (never copied into the repository).
 * Lines: `master_id sample_id yyyymmdd cds dollars`, whitespace-separated, no header.
 */
export const cdnowSamplePath = new URL('../../../shared/data/cdnow/CDNOW_sample.txt', import.meta.url);

export function readCdnowTransactions(): Transaction[] {
  return readFileSync(cdnowSamplePath, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [masterId, , date, , dollars] = line.trim().split(/\s+/);
      return { customer: masterId, at: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`, value: Number(dollars) };
    });
}
