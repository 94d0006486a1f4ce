import { describe, expect, it } from 'vitest';
import { normaliseMessage, type NormaliseOptions, type PendingEvent } from '../../engine/ingest/index';

const receivedAt = Date.parse('2024-05-01T12:00:00.000Z');
const options: NormaliseOptions = { workspace: 'ws_1', receivedAt, pointer: '', depth: 0, measureSize: true };

function normalised(message: unknown, extra: Partial<NormaliseOptions> = {}): PendingEvent {
  const result = normaliseMessage(message, { ...options, ...extra });
  if (!result.ok) throw new Error(JSON.stringify(result.problem));
  return result.value;
}

describe('normaliseMessage', () => {
  it('keeps what the spec defines for the type, fills messageId and receivedAt, and drops the rest', () => {
    const event = normalised(
      { type: 'track', userId: 'u1', event: 'Signed Up', properties: { plan: 'pro' }, writeKey: 'wk_secret', receivedAt: '2001-01-01T00:00:00Z', version: 2, _metadata: { x: 1 }, traits: { ignored: true } },
    );
    expect(event).toEqual({
      _id: `ws_1/${event.messageId}`,
      workspace: 'ws_1',
      messageId: expect.stringMatching(/^wf-/),
      type: 'track',
      event: 'Signed Up',
      properties: { plan: 'pro' },
      userId: 'u1',
      anonymousId: null,
      timestamp: '2024-05-01T12:00:00.000Z',
      receivedAt: '2024-05-01T12:00:00.000Z',
    });
  });

  it('reads a leap second (RFC 3339 allows 23:59:60) as the last millisecond of its minute', () => {
    expect(normalised({ type: 'track', userId: 'u1', event: 'x', timestamp: '2016-12-31T23:59:60Z' }).timestamp).toBe('2016-12-31T23:59:59.999Z');
    expect(normalised({ type: 'track', userId: 'u1', event: 'x', timestamp: '2016-12-31T23:59:60.000Z' }).timestamp).toBe('2016-12-31T23:59:59.999Z');
    expect(normalised({ type: 'track', userId: 'u1', event: 'x', timestamp: '2017-01-01T08:59:60.5+09:00' }).timestamp).toBe('2016-12-31T23:59:59.999Z');
    // Clock-skew correction with a leap second in sentAt: the event is stamped when it was received.
    const skewed = normalised({ type: 'track', userId: 'u1', event: 'x', originalTimestamp: '2016-12-31T23:59:60Z', sentAt: '2016-12-31T23:59:60Z' });
    expect([skewed.timestamp, skewed.sentAt]).toEqual(['2024-05-01T12:00:00.000Z', '2016-12-31T23:59:59.999Z']);
  });

  it('stores ids sent as numbers as strings, and treats "" and null as absent', () => {
    expect(normalised({ type: 'identify', userId: 42, anonymousId: '' })).toMatchObject({ userId: '42', anonymousId: null });
    expect(normalised({ type: 'group', userId: null, anonymousId: 7, groupId: 12345 })).toMatchObject({ userId: null, anonymousId: '7', groupId: '12345' });
  });

  it('gives a message that names nobody an anonymousId of its own', () => {
    const first = normalised({ type: 'page', name: 'Home' });
    const second = normalised({ type: 'page', name: 'Home' });
    expect(first.anonymousId).toMatch(/^wf-anon-/);
    expect(first.anonymousId).not.toBe(second.anonymousId);
  });

  it('keeps page and screen names and categories, group traits and the alias previousId', () => {
    expect(normalised({ type: 'page', userId: 'u', name: 'Pricing', category: 'Docs', properties: { path: '/p' } })).toMatchObject({ name: 'Pricing', category: 'Docs', properties: { path: '/p' } });
    expect(normalised({ type: 'screen', userId: 'u', name: 'Home' })).toMatchObject({ type: 'screen', name: 'Home' });
    expect(normalised({ type: 'alias', userId: 'u', previousId: 99 })).toMatchObject({ previousId: '99' });
  });

  it('accepts realistic nesting and refuses nesting past the limit, with a pointer into the batch', () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 30; i++) deep = { level: deep };
    expect(normalised({ type: 'track', userId: 'u', event: 'x', properties: deep }).properties).toEqual(deep);
    for (let i = 0; i < 80; i++) deep = { level: deep };
    const refused = normaliseMessage({ type: 'track', userId: 'u', event: 'x', properties: deep }, { ...options, pointer: '/batch/4', depth: 2 });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.problem.details[0].pointer).toMatch(/^\/batch\/4\/properties(\/level)+$/);
  });

  it('escapes pointers to odd keys (RFC 6901)', () => {
    const refused = normaliseMessage({ type: 'track', userId: 'u', event: 'x', properties: { 'a/b': { 'c~d': { $gt: 1 } } } }, options);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.problem.details).toEqual([{ pointer: '/properties/a~1b/c~0d/$gt', message: expect.stringContaining('"$"') }]);
  });

  it('points at the whole message with "" (RFC 6901), not "/"', () => {
    const refused = normaliseMessage('track', options);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.problem.details).toEqual([{ pointer: '', message: expect.any(String) }]);
  });

  it('refuses infinite numbers and lone surrogates in the same walk, and keeps the largest double and surrogate pairs', () => {
    const refused = normaliseMessage({ type: 'track', userId: 'u', event: 'x', properties: { revenue: Infinity, list: [-Infinity], ['k\udc00']: 1, text: '\ud800' } }, { ...options, pointer: '/batch/2' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.problem.details.map((detail) => detail.pointer).sort()).toEqual(['/batch/2/properties/k\udc00', '/batch/2/properties/list/0', '/batch/2/properties/revenue', '/batch/2/properties/text']);
    }
    const kept = normalised({ type: 'track', userId: '🦊', event: 'x', properties: { revenue: Number.MAX_VALUE, name: 'Thé 🍵', ['🔑']: -Number.MAX_VALUE } });
    expect(kept).toMatchObject({ userId: '🦊', properties: { revenue: Number.MAX_VALUE, name: 'Thé 🍵', ['🔑']: -Number.MAX_VALUE } });
  });
});
