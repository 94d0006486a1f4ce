import { DateTime, Duration, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addDuration } from '../../engine/journeys/delay-due-time';
import { MemoizedZone } from '../../engine/journeys/memoized-zone';
import { SeededRandom } from '../support/seeded-random';

// Zones with DST at odd minutes and offsets (Lord Howe: 30-minute DST; Chatham: +12:45; Dublin:
// "negative" DST; St John's: -3:30), one without DST, and the commonest ones.
const zones = ['Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Europe/Dublin', 'America/St_Johns', 'Asia/Kolkata', 'UTC'];
const MINUTE = 60_000;

/** Every offset change of `zone` between two instants, found minute by minute around each hour whose ends disagree. */
function transitions(zone: IANAZone, from: number, to: number): number[] {
  const found: number[] = [];
  for (let hour = from; hour < to; hour += 3_600_000) {
    if (zone.offset(hour) === zone.offset(hour + 3_600_000)) continue;
    for (let t = hour; t < hour + 3_600_000; t += MINUTE) if (zone.offset(t) !== zone.offset(t + MINUTE)) found.push(t + MINUTE);
  }
  return found;
}

describe('memoized zone', () => {
  it('gives the offsets Intl gives, at every minute around each DST change of 2024–2026 and at random instants', () => {
    const random = new SeededRandom(29);
    const from = Date.UTC(2024, 0, 1);
    const to = Date.UTC(2027, 0, 1);
    let checkedNearChanges = 0;
    for (const name of zones) {
      const exact = IANAZone.create(name);
      const memoized = new MemoizedZone(name);
      // Random instants first, so the memo is full of hours when the changes are asked about.
      for (let i = 0; i < 3000; i++) {
        const t = random.integer(from, to);
        expect(memoized.offset(t), `${name} at ${new Date(t).toISOString()}`).toBe(exact.offset(t));
      }
      for (const change of transitions(exact, from, to)) {
        for (let t = change - 90 * MINUTE; t <= change + 90 * MINUTE; t += MINUTE) {
          expect(memoized.offset(t), `${name} at ${new Date(t).toISOString()}`).toBe(exact.offset(t));
          expect(memoized.offset(t - 1), `${name} at ${new Date(t - 1).toISOString()}`).toBe(exact.offset(t - 1));
          checkedNearChanges++;
        }
      }
    }
    expect(checkedNearChanges).toBeGreaterThan(30 * 180);
  });

  it('leaves calendar arithmetic across DST as luxon does it', () => {
    const random = new SeededRandom(31);
    for (let i = 0; i < 2000; i++) {
      const zone = random.pick(zones);
      const now = random.integer(Date.UTC(2024, 0, 1), Date.UTC(2026, 11, 1));
      const duration = random.pick(['P1D', 'P7D', 'P1M', 'P1DT12H', 'P1Y', 'PT36H', 'P2W']);
      expect(addDuration(now, duration, zone), `${duration} after ${new Date(now).toISOString()} in ${zone}`).toBe(DateTime.fromMillis(now, { zone }).plus(Duration.fromISO(duration)).toMillis());
    }
  });
});
