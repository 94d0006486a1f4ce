import type { JourneyPresence, ReentryPolicy } from '../../schemas/types';
import { addDuration } from './delay-due-time';

/** The policy when a journey names none: a customer goes through a journey once. */
export const defaultReentryPolicy: ReentryPolicy = { policy: 'never' };

/** Whether a customer may enter, must have their running instance ended first (`restart`), or may not. */
export type ReentryDecision = 'enter' | 'restart' | 'refuse';

/**
 * Applies the re-entry policy to the customer's presence in the journey (their latest instance):
 * `never` — once per customer; `after-exit` — again once the previous instance ended; `after-cooldown`
 * — again once the previous instance ended at least `cooldown` ago; `always` — every trigger, ending a
 * running instance (reason `re-entered`) to start afresh.
 */
export function decideReentry(policy: ReentryPolicy | undefined, presence: JourneyPresence | undefined, now: number): ReentryDecision {
  if (!presence) return 'enter';
  const { policy: kind, cooldown } = policy ?? defaultReentryPolicy;
  const active = presence.status === 'active';
  switch (kind) {
    case 'never':
      return 'refuse';
    case 'always':
      return active ? 'restart' : 'enter';
    case 'after-exit':
      return active ? 'refuse' : 'enter';
    case 'after-cooldown': {
      if (active) return 'refuse';
      const ended = Date.parse(String(presence.endedAt ?? presence.updatedAt ?? presence.enteredAt));
      return addDuration(ended, cooldown ?? 'PT0S', 'UTC') <= now ? 'enter' : 'refuse';
    }
  }
}
