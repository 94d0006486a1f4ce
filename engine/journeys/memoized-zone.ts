import { IANAZone, Zone } from 'luxon';

const HOUR = 3_600_000;
/** Hours remembered per zone before the memo starts over (bounded: journeys span years, not decades). */
const MEMO_HOURS = 50_000;
/** Zones kept (bounded: names come from customer data). */
const ZONE_LIMIT = 1000;

/**
 * An IANA time zone for luxon whose UTC offsets are remembered by hour, for the hot paths of the
 * journey runtime (a delay's due time, quiet hours): luxon asks Intl for the offset (formatToParts) at
 * every `fromMillis`, `plus` and `fromObject`, two or three times each, and that was 11 % of the CPU of
 * ingesting events that enter a journey with a daily delay in Europe/London (bench/journey-simulation.ts).
 *
 * An hour is remembered only when the offset at its first and at its last millisecond agree, so an
 * hour that holds a change of offset (a DST transition, at any minute) is always asked of Intl again.
 * This relies on no zone changing its offset twice within one hour and back, which no zone has done.
 */
export class MemoizedZone extends Zone {
  private readonly zone: IANAZone;
  private readonly offsets = new Map<number, number>();

  constructor(name: string) {
    super();
    this.zone = IANAZone.create(name);
  }

  override get type(): string {
    return this.zone.type;
  }

  override get name(): string {
    return this.zone.name;
  }

  override get isUniversal(): boolean {
    return false;
  }

  override offsetName(ts: number, options: { format?: 'short' | 'long'; locale?: string }): string | null {
    return this.zone.offsetName(ts, options as { format: 'short' | 'long'; locale: string });
  }

  override formatOffset(ts: number, format: 'narrow' | 'short' | 'techie'): string {
    return this.zone.formatOffset(ts, format);
  }

  override offset(ts: number): number {
    const hour = Math.floor(ts / HOUR);
    const known = this.offsets.get(hour);
    if (known !== undefined) return known;
    const start = this.zone.offset(hour * HOUR);
    if (start !== this.zone.offset(hour * HOUR + HOUR - 1)) return this.zone.offset(ts);
    if (this.offsets.size >= MEMO_HOURS) this.offsets.clear();
    this.offsets.set(hour, start);
    return start;
  }

  override equals(other: Zone): boolean {
    return other.type === this.type && other.name === this.name;
  }

  override get isValid(): boolean {
    return this.zone.isValid;
  }
}

const zones = new Map<string, MemoizedZone>();

/** The memoized zone named `name` (a valid IANA name: callers resolve it with resolveTimeZone first). */
export function memoizedZone(name: string): MemoizedZone {
  let zone = zones.get(name);
  if (!zone) {
    if (zones.size >= ZONE_LIMIT) zones.clear();
    zones.set(name, (zone = new MemoizedZone(name)));
  }
  return zone;
}
