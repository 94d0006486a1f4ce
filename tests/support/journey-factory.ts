import type {
  DelayParams,
  EntryTrigger,
  Journey,
  JourneySettings,
  JourneyState,
  JourneyTransition,
  MessageTemplate,
  SplitParams,
  TransitionTrigger,
} from '../../schemas/types';

/**
 * Small builders for journey documents in tests: states get positions and a stage, transitions get
 * ids, so a test spells out only what it is about.
 */
type Stage = JourneyState['stage'];

let column = 0;
const position = () => ({ x: (column++ % 12) * 220, y: 0 });

export function entry(id: string, trigger: EntryTrigger, stage: Stage = 'acquire'): JourneyState {
  return { id, kind: 'entry', stage, position: position(), params: { trigger } };
}

export const onEvent = (event: string, condition?: object): EntryTrigger => ({ type: 'event', event, ...(condition ? { condition } : {}) });

export function delay(id: string, params: DelayParams, stage: Stage = 'convert'): JourneyState {
  return { id, kind: 'delay', stage, position: position(), params };
}

export const wait = (duration: string): DelayParams => ({ mode: 'duration', duration });

export function waitFor(id: string, timeout: string, stage: Stage = 'convert'): JourneyState {
  return { id, kind: 'wait', stage, position: position(), params: { timeout } };
}

export function split(id: string, params: SplitParams, stage: Stage = 'convert'): JourneyState {
  return { id, kind: 'split', stage, position: position(), params };
}

export function send(id: string, channel: 'email' | 'sms' | 'push' | 'webhook' | 'log', template: MessageTemplate, extra: { transactional?: boolean } = {}, stage: Stage = 'convert'): JourneyState {
  return { id, kind: 'send', stage, position: position(), params: { channel, template, ...extra } };
}

export const email = (id: string, subject: string, text = 'Hello {{ attributes.first_name | default: "there" }}'): JourneyState => send(id, 'email', { subject, text });

export function goal(id: string, event: string, window: string, endsJourney = false, condition?: object): JourneyState {
  return { id, kind: 'goal', stage: 'convert', position: position(), params: { event, window, endsJourney, ...(condition ? { condition } : {}) } };
}

export function exit(id: string, stage: Stage = 'retain'): JourneyState {
  return { id, kind: 'exit', stage, position: position() };
}

export function action(state: Omit<Extract<JourneyState, { kind: 'update-attributes' | 'tags' | 'loyalty' | 'lifecycle-stage' | 'task' | 'webhook' }>, 'position' | 'stage'>): JourneyState {
  return { ...state, stage: 'retain', position: position() } as JourneyState;
}

let transitionCount = 0;
function transition(from: string, to: string, on: TransitionTrigger): JourneyTransition {
  return { id: `t${++transitionCount}`, from, to, on };
}

export const go = (from: string, to: string) => transition(from, to, { type: 'immediate' });
export const elapsed = (from: string, to: string) => transition(from, to, { type: 'delay-elapsed' });
export const timeout = (from: string, to: string) => transition(from, to, { type: 'timeout' });
export const branch = (from: string, to: string, id: string) => transition(from, to, { type: 'branch', branch: id });
export const when = (from: string, to: string, event: string, condition?: object) => transition(from, to, { type: 'event', event, ...(condition ? { condition } : {}) });

/** A journey document (version 1, draft) from states and transitions. */
export function journey(id: string, states: JourneyState[], transitions: JourneyTransition[], settings: JourneySettings = {}): Journey {
  return { id, name: id.replace(/-/g, ' '), version: 1, status: 'draft', states, transitions, settings };
}
