import { describe, expect, it } from 'vitest';
import { RepeatedFailureLog } from '../../server/workers/repeated-failure-log';

describe('the failed-for-good warnings', () => {
  it('writes each distinct failure once, sums its repeats once a minute, and starts again after a quiet minute', () => {
    const lines: string[] = [];
    let now = Date.parse('2024-05-01T12:00:00.000Z');
    const log = new RepeatedFailureLog((line) => lines.push(line), () => now);
    const unknown = 'UNKNOWN_CHANNEL: Workspace ws_1 has no channel "webhook"; configured: log.';

    log.failed('k1', 'webhook', unknown);
    log.failed('k2', 'webhook', unknown);
    log.failed('k3', 'sms', 'REJECTED (400): bad number');
    log.failed('k4', 'webhook', unknown);
    expect(lines).toEqual([`Message k1 failed for good on webhook: ${unknown}`, 'Message k3 failed for good on sms: REJECTED (400): bad number']);

    now += 30_000;
    log.flushDue();
    expect(lines).toHaveLength(2);
    now += 30_000;
    log.flushDue();
    expect(lines.slice(2)).toEqual([`2 more messages failed for good on webhook with the same error since 2024-05-01T12:00:00.000Z: ${unknown}`]);

    // A failure after a quiet window is written in full again, with its own key.
    now += 61_000;
    log.failed('k9', 'webhook', unknown);
    expect(lines.slice(3)).toEqual([`Message k9 failed for good on webhook: ${unknown}`]);
    log.failed('k10', 'webhook', unknown);
    log.flush();
    expect(lines.slice(4)).toEqual([`1 more message failed for good on webhook with the same error since 2024-05-01T12:02:01.000Z: ${unknown}`]);
  });
});
