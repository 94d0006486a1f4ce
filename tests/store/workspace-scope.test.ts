import { describe, expect, it } from 'vitest';
import { toIndexDescription } from '../../engine/store/mongodb/collection-setup';
import { indexNameInMessage } from '../../engine/store/mongodb/duplicate-key';
import { scopeDocument, scopeFilter, scopePipeline, scopeReplacement, scopeUpdate } from '../../engine/store/mongodb/workspace-scope';

/** The MongoDB adapter's translation of port calls into driver calls, checked without a server. */
describe('MongoDB workspace scoping', () => {
  it('pins every filter, document and pipeline to the workspace', () => {
    expect(scopeFilter('ws_a', { workspace: 'ws_b', name: 'x' })).toEqual({ workspace: 'ws_a', name: 'x' });
    const doc = scopeDocument('ws_a', { name: 'x', workspace: 'ws_b' } as never);
    expect(doc).toMatchObject({ name: 'x', workspace: 'ws_a' });
    expect(doc._id).toMatch(/^[0-9a-f]{24}$/);
    expect(scopeDocument('ws_a', { _id: 'keep', name: 'x' })._id).toBe('keep');
    expect(scopeReplacement('ws_a', { _id: 'dropped', name: 'x' })).toEqual({ name: 'x', workspace: 'ws_a' });
    expect(scopePipeline('ws_a', [{ $group: { _id: '$city' } }])).toEqual([{ $match: { workspace: 'ws_a' } }, { $group: { _id: '$city' } }]);
    expect(() => scopePipeline('ws_a', [{ $lookup: { from: 'other' } }])).toThrow(/\$lookup reads or writes another collection/);
  });

  it('strips workspace from updates and gives upserts a string _id unless one is decided', () => {
    expect(scopeUpdate('ws_a', { $set: { workspace: 'ws_b', n: 1 }, $unset: { workspace: '' } }, null)).toEqual({ $set: { n: 1 } });
    expect(scopeUpdate('ws_a', { $set: { workspace: 'ws_b' } }, null)).toEqual({ $set: { workspace: 'ws_a' } });
    const upsert = scopeUpdate('ws_a', { $set: { n: 1 }, $setOnInsert: { created: true } }, { filter: { name: 'x' } });
    expect(upsert.$setOnInsert).toEqual({ created: true, _id: expect.stringMatching(/^[0-9a-f]{24}$/) });
    expect(scopeUpdate('ws_a', { $set: { n: 1 } }, { filter: { _id: 'given' } })).toEqual({ $set: { n: 1 } });
    expect(scopeUpdate('ws_a', { $setOnInsert: { _id: 'mine' } }, { filter: {} })).toEqual({ $setOnInsert: { _id: 'mine' } });
  });

  it('declares indexes with workspace first and names duplicate-key errors as the port does', () => {
    expect(toIndexDescription({ name: 'timeline', key: { customerId: 1, timestamp: -1 } })).toEqual({ name: 'timeline', key: { workspace: 1, customerId: 1, timestamp: -1 } });
    expect(toIndexDescription({ name: 'email', key: { email: 1 }, unique: true, partialFilter: { email: { $exists: true } } })).toEqual({
      name: 'email',
      key: { workspace: 1, email: 1 },
      unique: true,
      partialFilterExpression: { email: { $exists: true } },
    });
    expect(indexNameInMessage('E11000 duplicate key error collection: app.events index: messageId dup key: { workspace: "ws", messageId: "m1" }')).toBe('messageId');
    expect(indexNameInMessage('E11000 duplicate key error collection: app.events index: _id_ dup key: { _id: "x" }')).toBe('_id');
  });
});
