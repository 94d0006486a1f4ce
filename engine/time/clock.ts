/**
 * The engine's only source of "now". Production uses the system clock; simulations and tests use a
 * virtual clock they move by hand, so a 12-month journey runs in milliseconds with the same code.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to. */
export class VirtualClock implements Clock {
  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  /** Moves to an absolute time; never backwards. */
  advanceTo(time: number): void {
    if (time < this.current) throw new Error(`VirtualClock cannot go back from ${new Date(this.current).toISOString()} to ${new Date(time).toISOString()}.`);
    this.current = time;
  }

  advanceBy(milliseconds: number): void {
    this.advanceTo(this.current + milliseconds);
  }
}

/** The ISO-8601 UTC form every stored timestamp uses (orders correctly as a string). */
export function toIsoTime(time: number | Date): string {
  return new Date(time).toISOString();
}
