import { describe, expect, it } from 'vitest';
import { messageLinksOf, readUnsubscribeToken, signUnsubscribeToken, type UnsubscribeClaim } from '../../engine/journeys/index';

const secret = 'link-secret-for-tests-0123456789abcdef';
const claim: UnsubscribeClaim = { workspace: 'ws_a', channel: 'email', customerId: 'c_ada', userId: 'ada', anonymousId: null, journeyId: 'newsletter', messageKey: 'ws_a.inst1.news.1' };

describe('unsubscribe tokens', () => {
  it('read back what they were signed with', () => {
    expect(readUnsubscribeToken(secret, signUnsubscribeToken(secret, claim))).toEqual(claim);
    const anonymous = { ...claim, userId: null, anonymousId: 'anon-7' };
    expect(readUnsubscribeToken(secret, signUnsubscribeToken(secret, anonymous))).toEqual(anonymous);
  });

  it('are refused when any character changes, when cut short, or under another secret', () => {
    const token = signUnsubscribeToken(secret, claim);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let i = 0; i < token.length; i++) {
      if (token[i] === '.') continue;
      const other = alphabet[(alphabet.indexOf(token[i]) + 1) % alphabet.length];
      const changed = token.slice(0, i) + other + token.slice(i + 1);
      // The last base64url character of a part may carry unused bits; a change there can decode to the same bytes.
      const sameBytes = token.split('.').map((part) => Buffer.from(part, 'base64url').toString('hex')).join('.') === changed.split('.').map((part) => Buffer.from(part, 'base64url').toString('hex')).join('.');
      if (!sameBytes) expect(readUnsubscribeToken(secret, changed), `character ${i}`).toBeNull();
    }
    expect(readUnsubscribeToken(secret, token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toBeNull();
    expect(readUnsubscribeToken(secret, token.split('.')[0])).toBeNull();
    expect(readUnsubscribeToken(secret, `${token}.x`)).toBeNull();
    expect(readUnsubscribeToken('another-secret-0123456789abcdefghij', token)).toBeNull();
  });

  it('cannot be moved to another workspace: each workspace signs with its own key', () => {
    const token = signUnsubscribeToken(secret, claim);
    const [, signature] = token.split('.');
    const moved = Buffer.from(JSON.stringify([1, 'ws_b', 'email', 'c_ada', 'ada', null, 'newsletter', 'ws_a.inst1.news.1'])).toString('base64url');
    expect(readUnsubscribeToken(secret, `${moved}.${signature}`)).toBeNull();
  });
});

describe('message links', () => {
  const settings = { baseUrl: 'https://mail.example', secret };
  const subject = { workspace: 'ws_a', channel: 'email', customer: { _id: 'c_ada', userId: 'ada', anonymousIds: ['anon-1'] }, journeyId: 'newsletter', messageKey: 'k1' };

  it('lead to /unsubscribe/<token> on the public URL, naming the customer by userId, else an anonymous id', () => {
    const { unsubscribe } = messageLinksOf(settings, subject);
    expect(unsubscribe.startsWith('https://mail.example/unsubscribe/')).toBe(true);
    expect(readUnsubscribeToken(secret, unsubscribe.split('/').at(-1)!)).toMatchObject({ customerId: 'c_ada', userId: 'ada', anonymousId: null, channel: 'email', messageKey: 'k1' });
    const anonymous = messageLinksOf(settings, { ...subject, customer: { _id: 'c_anon', userId: null, anonymousIds: ['anon-1'] } });
    expect(readUnsubscribeToken(secret, anonymous.unsubscribe.split('/').at(-1)!)).toMatchObject({ userId: null, anonymousId: 'anon-1' });
  });

  it('are made only for channels that need consent, and only when the server has link settings', () => {
    expect(messageLinksOf(settings, { ...subject, channel: 'sms' }).unsubscribe).toBeDefined();
    expect(messageLinksOf(settings, { ...subject, channel: 'webhook' })).toEqual({});
    expect(messageLinksOf(settings, { ...subject, channel: 'log' })).toEqual({});
    expect(messageLinksOf(undefined, subject)).toEqual({});
  });
});
