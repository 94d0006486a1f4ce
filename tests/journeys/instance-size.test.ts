import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Journey } from '../../schemas/types';
import { JourneyHarness } from '../support/journey-harness';

const example = (name: string): Journey => JSON.parse(readFileSync(new URL(`../../examples/journeys/${name}.json`, import.meta.url), 'utf8'));
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe('instance size at rest', () => {
  it('keeps a waiting instance and its timer within 1 KB', async () => {
    const h = await JourneyHarness.create('2024-05-01T10:00:00.000Z');
    await h.publish(example('01-welcome-series'));
    await h.publish(example('02-win-back'));
    await h.identify('customer-with-a-realistic-id-0001', { email: 'someone@example.com', first_name: 'Someone', consent: { sms: true } });
    await h.track('customer-with-a-realistic-id-0001', 'Signed Up');
    await h.track('customer-with-a-realistic-id-0001', 'Segment Entered', { segment_id: 'lapsed-customers' });
    // Deep into each: welcome waiting for an order after two delays; win-back after its A/B split.
    await h.advanceTo('2024-05-04T10:00:00.000Z');
    const sizes: Record<string, number> = {};
    for (const instance of await h.instances({ status: 'active' })) {
      const [timer] = await h.timers({ instanceId: instance._id });
      expect(timer).toBeDefined();
      sizes[`${instance.journeyId}@${instance.state}`] = bytes(instance) + bytes(timer);
    }
    console.log('instance + timer bytes at rest:', sizes);
    expect(Object.keys(sizes).sort()).toEqual(['welcome-series@await-order', 'win-back@await-return']);
    for (const size of Object.values(sizes)) expect(size).toBeLessThanOrEqual(1024);
    await h.close();
  });
});
