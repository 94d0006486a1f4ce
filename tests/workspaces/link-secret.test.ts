import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime } from '../../engine/runtime/index';
import { openStore } from '../../engine/store/index';

describe('the message link secret', () => {
  const dataDirs: string[] = [];
  afterEach(() => {
    for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const open = (dataDir: string, secret?: string) => createRuntime({ store: openStore({ dataDir, fsync: false }), links: { baseUrl: 'https://mail.example', ...(secret ? { secret } : {}) } });

  it('is made on first start and kept in the store, so links already sent still verify after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wf-link-secret-'));
    dataDirs.push(dataDir);
    const first = await open(dataDir);
    const made = first.links!.secret;
    expect(made.length).toBeGreaterThanOrEqual(32);
    await first.close();
    const again = await open(dataDir);
    expect(again.links).toEqual({ baseUrl: 'https://mail.example', secret: made });
    await again.close();

    const other = mkdtempSync(join(tmpdir(), 'wf-link-secret-'));
    dataDirs.push(other);
    const elsewhere = await open(other);
    expect(elsewhere.links!.secret).not.toBe(made);
    await elsewhere.close();
  });

  it('is the one the environment names when it names one', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wf-link-secret-'));
    dataDirs.push(dataDir);
    const runtime = await open(dataDir, 'from-the-environment-0123456789abcdef');
    expect(runtime.links!.secret).toBe('from-the-environment-0123456789abcdef');
    await runtime.close();
  });
});
