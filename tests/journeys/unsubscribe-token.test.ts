import { describe, expect, it } from 'vitest';
import { messageLinksOf, readUnsubscribeToken, makeUnsubscribeToken, type UnsubscribeClaim } from '../../engine/journeys/index';

const secret = 'link-secret-for-tests-0123456789abcdef';
const claim: UnsubscribeClaim = { workspace: 'ws_a', channel: 'email', customerId: 'c_ada', userId: 'ada', anonymousId: null, journeyId: 'newsletter', messageKey: 'ws_a.inst1.news.1' };

describe('unsubscribe tokens', () => {
  it('read back what they were made from', () => {
    expect(readUnsubscribeToken(secret, makeUnsubscribeToken(secret, claim))).toEqual(claim);
    const anonymous = { ...claim, userId: null, anonymousId: 'anon-7' };
    expect(readUnsubscribeToken(secret, makeUnsubscribeToken(secret, anonymous))).toEqual(anonymous);
  });

  it('are refused when any character changes, when cut short, or under another secret', () => {
    const token = makeUnsubscribeToken(secret, claim);
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
    for (const cut of [token.slice(0, -4), token.slice(0, -22), token.slice(0, token.lastIndexOf('.') + 1), token.slice(0, token.lastIndexOf('.'))]) {
      expect(readUnsubscribeToken(secret, cut), cut).toBeNull();
    }
    expect(readUnsubscribeToken(secret, `${token}.x`)).toBeNull();
    expect(readUnsubscribeToken('another-secret-0123456789abcdefghij', token)).toBeNull();
  });

  it('cannot be moved to another workspace: each workspace has its own keys, and the workspace is sealed in', () => {
    const token = makeUnsubscribeToken(secret, claim);
    expect(token.startsWith('u2.ws_a.')).toBe(true);
    expect(readUnsubscribeToken(secret, token.replace('u2.ws_a.', 'u2.ws_b.'))).toBeNull();
  });

  it('do not show whom they name: neither the userId, the anonymous id nor the customer is readable in the link', () => {
    const named = { ...claim, userId: 'ada.lovelace@example.com', customerId: '6b03b6b34447484dde000001' };
    const anonymous = { ...claim, userId: null, anonymousId: 'device-5f2c9a' };
    for (const subject of [named, anonymous]) {
      const token = makeUnsubscribeToken(secret, subject);
      const visible = [token, ...token.split('.').map((part) => Buffer.from(part, 'base64url').toString('latin1'))].join('\n');
      for (const hidden of [subject.userId, subject.anonymousId, subject.customerId, 'ada', 'lovelace', 'device-5f2c9a', subject.journeyId].filter((text): text is string => text !== null)) {
        expect(visible, hidden).not.toContain(hidden);
      }
      expect(readUnsubscribeToken(secret, token)).toEqual(subject);
    }
  });

  it('are the same each time for the same message, and differ between messages', () => {
    expect(makeUnsubscribeToken(secret, claim)).toBe(makeUnsubscribeToken(secret, { ...claim }));
    expect(makeUnsubscribeToken(secret, { ...claim, messageKey: 'ws_a.inst1.news.2' })).not.toBe(makeUnsubscribeToken(secret, claim));
    expect(makeUnsubscribeToken(secret, { ...claim, channel: 'sms' })).not.toBe(makeUnsubscribeToken(secret, claim));
  });

  it('keep working when made before tokens were sealed (signed, version 1): links in messages already sent', () => {
    // Made by the version 1 code with this secret (engine/journeys/unsubscribe-token.ts before sealing).
    const legacyNamed = 'WzEsIndzX2EiLCJlbWFpbCIsImNfYWRhIiwiYWRhIixudWxsLCJuZXdzbGV0dGVyIiwid3NfYS5pbnN0MS5uZXdzLjEiXQ.bZ6Ppe7_o9xv3aCwIecZ_kxdm0o3CPwxXpXYDQZ3j-0';
    const legacyAnonymous = 'WzEsIndzX2EiLCJzbXMiLCJjX2Fub24iLG51bGwsImFub24tNyIsIm5ld3NsZXR0ZXIiLCJ3c19hLmluc3QyLm5ld3MuMSJd.ZGCZxorgUQ-TkS7syAptZKepUKiihTmO0E-x8W90gbI';
    expect(readUnsubscribeToken(secret, legacyNamed)).toEqual(claim);
    expect(readUnsubscribeToken(secret, legacyAnonymous)).toEqual({ workspace: 'ws_a', channel: 'sms', customerId: 'c_anon', userId: null, anonymousId: 'anon-7', journeyId: 'newsletter', messageKey: 'ws_a.inst2.news.1' });
    expect(readUnsubscribeToken('another-secret-0123456789abcdefghij', legacyNamed)).toBeNull();
    const [payload, signature] = legacyNamed.split('.');
    const moved = Buffer.from(JSON.stringify([1, 'ws_b', 'email', 'c_ada', 'ada', null, 'newsletter', 'ws_a.inst1.news.1'])).toString('base64url');
    expect(readUnsubscribeToken(secret, `${moved}.${signature}`)).toBeNull();
    expect(readUnsubscribeToken(secret, `${payload.slice(0, -2)}.${signature}`)).toBeNull();
  });

  it('keep a message key from another workspace whole (not every key begins with its own workspace)', () => {
    for (const messageKey of ['imported:order-1001', '.ws_a.inst1', 'ws_a', 'ws_ab.inst1.news.1']) {
      const foreignKey = { ...claim, messageKey };
      expect(readUnsubscribeToken(secret, makeUnsubscribeToken(secret, foreignKey))).toEqual(foreignKey);
    }
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
