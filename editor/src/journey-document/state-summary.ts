import type { JourneyState, TransitionTrigger } from '../../../schemas/types';

/** An ISO-8601 duration in words: `P3D` → `3 days`, `PT30M` → `30 minutes`; anything else as written. */
export function describeDuration(duration: string): string {
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(duration);
  if (!match) return duration;
  const names = ['year', 'month', 'week', 'day', 'hour', 'minute', 'second'];
  const parts = match.slice(1).flatMap((amount, i) => (amount === undefined ? [] : [`${Number(amount)} ${names[i]}${Number(amount) === 1 ? '' : 's'}`]));
  return parts.length > 0 ? parts.join(' ') : duration;
}

function describeEntry(trigger: Extract<JourneyState, { kind: 'entry' }>['params']['trigger']): string {
  switch (trigger.type) {
    case 'event':
      return `When "${trigger.event}" happens${trigger.condition ? ' (with a condition)' : ''}`;
    case 'segment-entered':
      return `On entering segment ${trigger.segmentId}`;
    case 'segment-exited':
      return `On leaving segment ${trigger.segmentId}`;
    case 'schedule':
      return `Segment ${trigger.segmentId} on a schedule (${trigger.cron ?? (trigger.every ? `every ${describeDuration(trigger.every)}` : 'unset')})`;
    case 'api':
      return 'Entered through the API';
  }
}

/** One line saying what a state does, for its node on the canvas. */
export function summarizeState(state: JourneyState): string {
  switch (state.kind) {
    case 'entry':
      return describeEntry(state.params.trigger);
    case 'delay': {
      const params = state.params;
      if (params.mode === 'duration') return `Wait ${describeDuration(params.duration)}`;
      if (params.mode === 'until-time') return `Until ${params.time ?? 'a time of day'}${params.weekdays?.length ? ` on ${params.weekdays.join(', ')}` : ''}`;
      return `Until ${params.attribute}${params.offsetDays ? ` ${params.offsetDays > 0 ? '+' : ''}${params.offsetDays} days` : ''} (${params.recurrence})`;
    }
    case 'wait':
      return `Wait up to ${describeDuration(state.params.timeout)} for an event`;
    case 'split': {
      const params = state.params;
      if (params.mode === 'conditions') return `${params.branches.length} condition${params.branches.length === 1 ? '' : 's'} + else`;
      if (params.mode === 'random') return `Random: ${params.branches.length} branches`;
      return `A/B: ${params.variants.length} variants${params.holdoutPercent ? `, ${params.holdoutPercent}% holdout` : ''}`;
    }
    case 'send': {
      const template = state.params.template;
      if ('ref' in template) return `${state.params.channel.toUpperCase()}: library template "${template.ref}"`;
      const line = template.subject ?? template.title ?? template.body ?? template.text ?? '';
      return `${state.params.channel.toUpperCase()}: ${line}`;
    }
    case 'webhook':
      return `POST ${state.params.url}`;
    case 'update-attributes': {
      const set = Object.keys(state.params.set ?? {});
      const unset = state.params.unset ?? [];
      return [set.length ? `set ${set.join(', ')}` : '', unset.length ? `clear ${unset.join(', ')}` : ''].filter(Boolean).join('; ') || 'Nothing to change';
    }
    case 'tags':
      return [state.params.add?.length ? `+${state.params.add.join(' +')}` : '', state.params.remove?.length ? `-${state.params.remove.join(' -')}` : ''].filter(Boolean).join(' ') || 'No tags';
    case 'loyalty':
      return `${state.params.operation === 'award' ? 'Award' : 'Redeem'} ${state.params.points} points`;
    case 'lifecycle-stage':
      return `Stage → ${state.params.stage}`;
    case 'task':
      return state.params.title;
    case 'goal':
      return `"${state.params.event}" within ${describeDuration(state.params.window)}${state.params.endsJourney ? ', then on' : ''}`;
    case 'exit':
      return 'Leaves the journey';
  }
}

/** A transition's trigger in words, for the side panel. */
export function explainTrigger(trigger: TransitionTrigger): string {
  switch (trigger.type) {
    case 'immediate':
      return 'Right away';
    case 'delay-elapsed':
      return 'When the delay is over';
    case 'timeout':
      return 'When the wait times out';
    case 'branch':
      return `Branch "${trigger.branch}"`;
    case 'event':
      return `When "${trigger.event}" happens`;
  }
}
