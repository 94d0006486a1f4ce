import { Duration } from 'luxon';
import type { ProblemDetail } from '../errors/index';
import { escapePointerSegment } from '../errors/index';
import { isSafeAttributeKey } from '../profile/index';
import type { Journey, JourneyState } from '../../schemas/types';
import { channelTemplateFields, listMissingChannelFields } from '../templates/index';
import { parseCronExpression } from './cron-expression';
import { isTemplateRef } from './template-refs';
import { isValidTimeZone } from './time-zone';

/** List sizes the schema leaves open (array bounds there would make the generated types tuples). */
export const paramLimits = {
  conditionBranches: 20,
  randomBranches: 20,
  abVariants: 10,
  attributeChanges: 50,
  tagChanges: 50,
  exitCriteria: 20,
  frequencyCaps: 10,
  /** Send times are kept this long on the customer, so no cap window may be longer. */
  capWindowDays: 366,
  /**
   * The longest duration anywhere (a century): a due time must stay a date (P9999999Y is past the end
   * of JavaScript's calendar, and every entering event would fail to plan its timer).
   */
  durationDays: 36_525,
};

/** Which template fields each channel needs (any one of a group suffices); defined with the templates. */
export { channelTemplateFields };

function checkDuration(value: string | undefined, pointer: string, details: ProblemDetail[], options: { maxDays?: number } = {}): void {
  if (value === undefined) return;
  const duration = Duration.fromISO(value);
  if (!duration.isValid || !(duration.toMillis() > 0)) {
    details.push({ pointer, message: `"${value}" is not a positive ISO-8601 duration; write it like PT30M, P3D or P1M.` });
    return;
  }
  const maxDays = Math.min(options.maxDays ?? paramLimits.durationDays, paramLimits.durationDays);
  if (!(duration.as('days') <= maxDays)) details.push({ pointer, message: `"${value}" is longer than ${maxDays} days, the most this setting allows.` });
}

function checkSize(list: readonly unknown[] | undefined, limit: number, pointer: string, what: string, details: ProblemDetail[], minimum = 0): void {
  const size = list?.length ?? 0;
  if (size > limit) details.push({ pointer, message: `At most ${limit} ${what}; this has ${size}.` });
  if (list !== undefined && size < minimum) details.push({ pointer, message: `At least ${minimum} ${what} are needed; this has ${size}.` });
}

function checkStateParams(state: JourneyState, index: number, details: ProblemDetail[]): void {
  const base = `/states/${index}/params`;
  switch (state.kind) {
    case 'entry': {
      const trigger = state.params.trigger;
      if (trigger.type !== 'schedule') return;
      if ((trigger.cron === undefined) === (trigger.every === undefined)) {
        details.push({ pointer: `${base}/trigger`, message: 'A schedule runs either by "cron" or "every"; give exactly one.' });
      }
      if (trigger.cron !== undefined) {
        const parsed = parseCronExpression(trigger.cron);
        if (!parsed.ok) details.push({ pointer: `${base}/trigger/cron`, message: parsed.message });
      }
      checkDuration(trigger.every, `${base}/trigger/every`, details);
      if (trigger.timezone !== undefined && !isValidTimeZone(trigger.timezone)) {
        details.push({ pointer: `${base}/trigger/timezone`, message: `"${trigger.timezone}" is not an IANA time zone (like Europe/Berlin).` });
      }
      return;
    }
    case 'delay': {
      const params = state.params;
      if (params.mode === 'duration') checkDuration(params.duration, `${base}/duration`, details);
      if (params.mode === 'until-time' && params.time === undefined && params.weekdays === undefined) {
        details.push({ pointer: base, message: 'Say until when: a "time" of day, "weekdays", or both.' });
      }
      if (params.mode === 'until-time' && params.weekdays?.length === 0) {
        details.push({ pointer: `${base}/weekdays`, message: 'List at least one weekday, or leave "weekdays" out for every day.' });
      }
      return;
    }
    case 'wait':
      checkDuration(state.params.timeout, `${base}/timeout`, details);
      return;
    case 'goal':
      checkDuration(state.params.window, `${base}/window`, details);
      return;
    case 'split': {
      const params = state.params;
      const list = params.mode === 'ab' ? params.variants : params.branches;
      const listPointer = `${base}/${params.mode === 'ab' ? 'variants' : 'branches'}`;
      if (params.mode === 'conditions') checkSize(list, paramLimits.conditionBranches, listPointer, 'branches', details, 1);
      if (params.mode === 'random') checkSize(list, paramLimits.randomBranches, listPointer, 'branches', details, 2);
      if (params.mode === 'ab') checkSize(list, paramLimits.abVariants, listPointer, 'variants', details, 1);
      const seen = new Set<string>();
      list.forEach((branch, b) => {
        if (seen.has(branch.id)) details.push({ pointer: `${listPointer}/${b}/id`, message: `Branch id "${branch.id}" is used twice in this split.` });
        if (branch.id === 'else') details.push({ pointer: `${listPointer}/${b}/id`, message: '"else" names the branch for customers no condition matches; call this branch something else.' });
        seen.add(branch.id);
      });
      return;
    }
    case 'send':
      // A library template's fields are checked with its content, where journey validation resolves it.
      if (!isTemplateRef(state.params.template)) details.push(...listMissingChannelFields(state.params.channel, state.params.template, `${base}/template`));
      return;
    case 'update-attributes': {
      const keys = Object.keys(state.params.set ?? {});
      if (keys.length + (state.params.unset?.length ?? 0) === 0) details.push({ pointer: base, message: 'Set or unset at least one attribute.' });
      checkSize(state.params.unset, paramLimits.attributeChanges, `${base}/unset`, 'attributes', details);
      for (const key of keys) {
        if (!isSafeAttributeKey(key)) details.push({ pointer: `${base}/set/${escapePointerSegment(key)}`, message: `"${key}" cannot be an attribute name.` });
      }
      (state.params.unset ?? []).forEach((key, at) => {
        if (!isSafeAttributeKey(key)) details.push({ pointer: `${base}/unset/${at}`, message: `"${key}" cannot be an attribute name.` });
      });
      return;
    }
    case 'tags':
      checkSize(state.params.add, paramLimits.tagChanges, `${base}/add`, 'tags', details);
      checkSize(state.params.remove, paramLimits.tagChanges, `${base}/remove`, 'tags', details);
      if ((state.params.add?.length ?? 0) + (state.params.remove?.length ?? 0) === 0) details.push({ pointer: base, message: 'Add or remove at least one tag.' });
      return;
    default:
      return;
  }
}

function checkSettings(document: Journey, details: ProblemDetail[]): void {
  const settings = document.settings;
  checkSize(settings.exitCriteria, paramLimits.exitCriteria, '/settings/exitCriteria', 'exit criteria', details);
  checkSize(settings.frequencyCaps, paramLimits.frequencyCaps, '/settings/frequencyCaps', 'frequency caps', details);
  settings.frequencyCaps?.forEach((cap, index) => checkDuration(cap.window, `/settings/frequencyCaps/${index}/window`, details, { maxDays: paramLimits.capWindowDays }));
  const reentry = settings.reentry;
  if (reentry?.policy === 'after-cooldown' && reentry.cooldown === undefined) {
    details.push({ pointer: '/settings/reentry', message: 'The after-cooldown policy needs a "cooldown" duration (like P30D).' });
  }
  if (reentry && reentry.policy !== 'after-cooldown' && reentry.cooldown !== undefined) {
    details.push({ pointer: '/settings/reentry/cooldown', message: `A cooldown only applies to the after-cooldown policy, not "${reentry.policy}".` });
  }
  checkDuration(reentry?.cooldown, '/settings/reentry/cooldown', details);
  if (settings.quietHours && settings.quietHours.start === settings.quietHours.end) {
    details.push({ pointer: '/settings/quietHours', message: 'Quiet hours start and end at the same time; give a window like 21:00–08:00 or remove the setting.' });
  }
  if (settings.timezone !== undefined && !isValidTimeZone(settings.timezone)) {
    details.push({ pointer: '/settings/timezone', message: `"${settings.timezone}" is not an IANA time zone (like Europe/Berlin).` });
  }
}

/**
 * The parameter checks of a schema-valid journey the schema cannot express: durations luxon can
 * read and that are positive, valid time zones and cron expressions, list sizes, branch ids, the
 * template fields each channel needs, and consistent settings.
 */
export function checkJourneyParams(document: Journey): ProblemDetail[] {
  const details: ProblemDetail[] = [];
  document.states.forEach((state, index) => checkStateParams(state, index, details));
  checkSettings(document, details);
  return details;
}
