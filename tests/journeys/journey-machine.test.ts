import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileJourney, sampleCustomer, stepJourney, type JourneyEffect } from '../../engine/journeys';
import type { Customer, Journey } from '../../schemas/types';
import { branch, delay, elapsed, email, entry, exit, go, journey, onEvent, split, wait } from '../support/journey-factory';

const example = (name: string): Journey => JSON.parse(readFileSync(new URL(`../../examples/journeys/${name}.json`, import.meta.url), 'utf8'));
const now = Date.parse('2024-05-01T10:00:00.000Z');
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
/** A frozen customer: stepJourney must build new objects, never change the one it is given. */
const customer = (attributes: Record<string, unknown> = {}): Customer => deepFreeze(structuredClone({ ...sampleCustomer, attributes: { ...sampleCustomer.attributes, ...attributes } }));

describe('compilation to xstate', () => {
  it('builds a machine whose config is plain JSON: named guards and actions with params, no delayed transitions', () => {
    const compiled = compileJourney(example('02-win-back'));
    const config = JSON.parse(JSON.stringify(compiled.machine.config));
    expect(config).toEqual(compiled.machine.config);
    const text = JSON.stringify(config);
    expect(text).not.toContain('"after"');
    expect(text).toContain('"type":"isVariant","params":{"state":"offer-test","variant":"ten-off"}');
    expect(text).toContain('"type":"runStep","params":{"state":"email-ten-off"}');
    expect(Object.keys(config.states)).toEqual(expect.arrayContaining(['$idle', '$exited', 'lapsed', 'offer-test', 'monthly-check']));
  });

  it('steps purely: same snapshot and input give the same snapshot and effects, and nothing is mutated', () => {
    const compiled = compileJourney(example('01-welcome-series'));
    const input = { type: 'enter' as const, entry: 'signed-up' };
    const person = deepFreeze({ ...customer(), traits: { ...sampleCustomer.traits, orders_count: 0 } });
    const first = stepJourney(compiled, null, input, { customer: person, now, instanceId: 'i1' });
    const again = stepJourney(compiled, null, input, { customer: person, now, instanceId: 'i1' });
    expect(again).toEqual(first);
    // Every state's visits are counted (`va`): timer tokens, outbox keys and the analytics use them.
    expect(first.snapshot).toEqual({ state: 'two-days', context: { v: { 'signed-up': 1, 'welcome-email': 1, 'two-days': 1 }, t0: '2024-05-01T10:00:00.000Z', va: 1 } });
    expect(first.effects.map((e) => e.kind)).toEqual(['enter-state', 'enter-state', 'send-message', 'enter-state', 'start-timer']);
    const timer = first.effects.find((e): e is Extract<JourneyEffect, { kind: 'start-timer' }> => e.kind === 'start-timer')!;
    expect(new Date(timer.dueAt).toISOString()).toBe('2024-05-03T10:00:00.000Z');
    // The persisted snapshot is enough to go on: a timer event for the right visit moves it.
    const later = stepJourney(compiled, JSON.parse(JSON.stringify(first.snapshot)), { type: 'timer', state: 'two-days', visit: 1 }, { customer: person, now: timer.dueAt, instanceId: 'i1' });
    expect(later.snapshot.state).toBe('await-order');
    // Leaving the delay cancels its timer (the worker that fired it deletes it in the same commit anyway).
    expect(later.effects.map((e) => e.kind)).toEqual(['cancel-timer', 'enter-state', 'enter-state', 'send-message', 'enter-state', 'start-timer']);
  });

  it('ignores a stale timer (another visit of the state) and events nobody waits for', () => {
    const compiled = compileJourney(example('01-welcome-series'));
    const entered = stepJourney(compiled, null, { type: 'enter', entry: 'signed-up' }, { customer: customer(), now, instanceId: 'i1' });
    const stale = stepJourney(compiled, entered.snapshot, { type: 'timer', state: 'two-days', visit: 7 }, { customer: customer(), now, instanceId: 'i1' });
    expect(stale).toMatchObject({ handled: false, effects: [], snapshot: entered.snapshot });
    const event = { messageId: 'm', type: 'track' as const, event: 'Page Viewed', timestamp: new Date(now).toISOString() };
    expect(stepJourney(compiled, entered.snapshot, { type: 'event', event }, { customer: customer(), now, instanceId: 'i1' }).handled).toBe(false);
  });

  it('drops a timer that is started and left within one step, and cancels one left later', () => {
    const compiled = compileJourney(example('01-welcome-series'));
    const entered = stepJourney(compiled, null, { type: 'enter', entry: 'signed-up' }, { customer: customer(), now, instanceId: 'i1' });
    const unsubscribe = { messageId: 'u', type: 'track' as const, event: 'Unsubscribed', timestamp: new Date(now).toISOString() };
    const exited = stepJourney(compiled, entered.snapshot, { type: 'event', event: unsubscribe }, { customer: customer(), now, instanceId: 'i1' });
    expect(exited.status).toBe('exited');
    expect(exited.effects).toEqual([{ kind: 'cancel-timer', state: 'two-days', visit: 1 }, { kind: 'end-instance', status: 'exited', reason: 'exit-criterion:0' }]);
  });

  it('aborts a delay whose date attribute is missing (onMissing: exit) and goes on for onMissing: continue', () => {
    const document = journey('bday', [entry('in', onEvent('Go')), delay('wait-bday', { mode: 'until-date', attribute: 'birthday', recurrence: 'yearly' }), email('mail', 'Happy birthday'), exit('done')], [go('in', 'wait-bday'), elapsed('wait-bday', 'mail'), go('mail', 'done')]);
    const noBirthday = customer({ birthday: undefined });
    const aborted = stepJourney(compileJourney(document), null, { type: 'enter', entry: 'in' }, { customer: noBirthday, now, instanceId: 'i' });
    expect(aborted).toMatchObject({ status: 'exited', snapshot: { state: '$exited', context: { r: 'missing-attribute:birthday' } } });
    const lenient = { ...document, states: document.states.map((s) => (s.id === 'wait-bday' && s.kind === 'delay' && s.params.mode === 'until-date' ? { ...s, params: { ...s.params, onMissing: 'continue' as const } } : s)) };
    expect(stepJourney(compileJourney(lenient), null, { type: 'enter', entry: 'in' }, { customer: noBirthday, now, instanceId: 'i' }).snapshot.state).toBe('done');
  });

  it('stops a runaway loop whose delay is always already past', () => {
    const document = journey(
      'loop',
      [entry('in', onEvent('Go')), delay('past', { mode: 'until-date', attribute: 'renewal', recurrence: 'once' }), split('again', { mode: 'random', branches: [{ id: 'a', weight: 1 }, { id: 'b', weight: 1 }] })],
      [go('in', 'past'), elapsed('past', 'again'), branch('again', 'past', 'a'), branch('again', 'past', 'b')],
    );
    const result = stepJourney(compileJourney(document), null, { type: 'enter', entry: 'in' }, { customer: customer({ renewal: '2020-01-01' }), now, instanceId: 'i' });
    expect(result).toMatchObject({ status: 'exited', snapshot: { context: { r: 'step-limit' } } });
  });

  it('lets an update be seen by the next guard in the same step', () => {
    const document = journey(
      'upd',
      [
        entry('in', onEvent('Go')),
        { id: 'set', kind: 'update-attributes', stage: 'retain', position: { x: 0, y: 0 }, params: { set: { tier: 'gold' } } },
        split('check', { mode: 'conditions', branches: [{ id: 'gold', condition: { all: [{ fact: 'attributes.tier', operator: 'equal', value: 'gold' }] } }] }),
        email('gold', 'Gold'),
        email('other', 'Other'),
        exit('done'),
      ],
      [go('in', 'set'), go('set', 'check'), branch('check', 'gold', 'gold'), branch('check', 'other', 'else'), go('gold', 'done'), go('other', 'done')],
    );
    const result = stepJourney(compileJourney(document), null, { type: 'enter', entry: 'in' }, { customer: customer({ tier: 'bronze' }), now, instanceId: 'i' });
    expect(result.effects.filter((e) => e.kind === 'send-message')).toEqual([{ kind: 'send-message', state: 'gold', visit: 1 }]);
    expect(result.customer.attributes.tier).toBe('gold');
  });

  it('keeps each visit of a looped state apart (timer tokens and idempotency keys use the visit)', () => {
    const document = journey('drip', [entry('in', onEvent('Go')), delay('tick', wait('P1D')), email('mail', 'Tick')], [go('in', 'tick'), elapsed('tick', 'mail'), go('mail', 'tick')]);
    const compiled = compileJourney(document);
    let step = stepJourney(compiled, null, { type: 'enter', entry: 'in' }, { customer: customer(), now, instanceId: 'i' });
    const visits: number[] = [];
    for (let day = 1; day <= 3; day++) {
      step = stepJourney(compiled, step.snapshot, { type: 'timer', state: 'tick', visit: day }, { customer: customer(), now: now + day * 86_400_000, instanceId: 'i' });
      visits.push(...step.effects.flatMap((e) => (e.kind === 'send-message' ? [e.visit] : [])));
    }
    expect(visits).toEqual([1, 2, 3]);
    expect(step.snapshot.context.v).toEqual({ in: 1, tick: 4, mail: 3 });
  });

  it('counts only the states the engine needs in an instance entered before every state was counted (no `va`)', () => {
    const document = journey('drip', [entry('in', onEvent('Go')), delay('tick', wait('P1D')), email('mail', 'Tick'), exit('done')], [go('in', 'tick'), elapsed('tick', 'mail'), go('mail', 'done')]);
    const compiled = compileJourney(document);
    const entered = stepJourney(compiled, null, { type: 'enter', entry: 'in' }, { customer: customer(), now, instanceId: 'i' });
    // As stored before 2026-11-23: the entry state uncounted, no `va`.
    const { va: _counted, ...older } = entered.snapshot.context;
    const legacy = { ...entered.snapshot, context: { ...older, v: { tick: 1 } } };
    const fired = stepJourney(compiled, legacy, { type: 'timer', state: 'tick', visit: 1 }, { customer: customer(), now: now + 86_400_000, instanceId: 'i' });
    expect(fired.snapshot.context.v).toEqual({ tick: 1, mail: 1 });
    expect(fired.snapshot.context.va).toBeUndefined();
  });
});
