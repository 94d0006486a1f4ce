import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RulePack } from '../../schemas/types';
import { runWayfarerCli } from '../support/cli-process';
import { testAdminKey } from '../support/ingest-app';
import { setAtPointer } from '../support/json-pointer-edit';
import { createPackApp, readExamplePack, type PackApp } from '../support/pack-app';

const examplePack = 'examples/packs/01-lifecycle-essentials.json';
let directory: string;
let app: PackApp;
let serverEnv: Record<string, string>;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'wayfarer-pack-cli-'));
  app = await createPackApp();
  const url = await app.app.listen({ port: 0, host: '127.0.0.1' });
  serverEnv = { WAYFARER_URL: url, WAYFARER_ADMIN_KEY: testAdminKey };
});

afterAll(async () => {
  await app.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('wayfarer pack validate (offline)', () => {
  it('accepts the example pack without a server', async () => {
    const result = await runWayfarerCli(['pack', 'validate', examplePack]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('valid rule pack "Lifecycle essentials for an online retailer": 15 segments, 4 traits, 6 journeys, 13 templates');
  });

  it('prints every problem as "pointer: message" and exits 1', async () => {
    const pack = readExamplePack();
    setAtPointer(pack, '/segments/0/conditions/all/1/fact', 'traits.order_count');
    setAtPointer(pack, '/journeys/2/states/0/params/trigger/event', 'wayfarer.internal');
    const file = join(directory, 'broken.json');
    writeFileSync(file, JSON.stringify(pack));
    const result = await runWayfarerCli(['pack', 'validate', file]);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toBe(`${file}: The rule pack has 2 problems; nothing was imported. Each detail points into the pack and says what to change.`);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^\/journeys\/2\/states\/0\/params\/trigger\/event: must match pattern .* \[VALIDATION_FAILED\]$/),
      expect.stringMatching(/^\/segments\/0\/conditions\/all\/1\/fact: "traits\.order_count" is not in the fact catalogue\. .* \[UNKNOWN_FACT\]$/),
    ]);
  });

  it('says what is wrong with a file that is not JSON, and with a wrong command line', async () => {
    const file = join(directory, 'not-json.json');
    writeFileSync(file, '{ "format": ');
    const notJson = await runWayfarerCli(['pack', 'validate', file]);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toContain(`${file}: not valid JSON`);
    const usage = await runWayfarerCli(['pack', 'validate']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('name the pack file to validate');
  });
});

describe('wayfarer pack import / export (through the running server)', () => {
  it('imports all of a pack, refuses it again without --on-conflict, and exports what the server holds', async () => {
    const imported = await runWayfarerCli(['pack', 'import', examplePack, '--publish'], serverEnv);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('Imported "Lifecycle essentials for an online retailer"');
    expect(imported.stdout).toMatch(/created {3}journey {2}churn-early-warning v1 \(published\)/);

    const again = await runWayfarerCli(['pack', 'import', examplePack], serverEnv);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('/segments/0/id: The workspace already has the segment "new-subscribers"');

    const validated = await runWayfarerCli(['pack', 'validate', examplePack, '--server'], serverEnv);
    expect(validated.code, validated.stderr).toBe(0);
    expect(validated.stdout).toContain('/journeys/3: the workspace already has the journey "churn-early-warning"');

    const output = join(directory, 'exported.json');
    const exported = await runWayfarerCli(['pack', 'export', '--journeys', 'birthday-care', '--segments', 'has-birthday', '--traits', '', '--templates', 'birthday-week,birthday-push', '--output', output], serverEnv);
    expect(exported.code, exported.stderr).toBe(0);
    const pack = JSON.parse(readFileSync(output, 'utf8')) as RulePack;
    expect([pack.segments!.length, pack.traits!.length, pack.journeys!.length, pack.templates!.length]).toEqual([1, 0, 1, 2]);
    expect(pack.journeys![0]).toMatchObject({ id: 'birthday-care', status: 'published' });

    const toStdout = await runWayfarerCli(['pack', 'export'], serverEnv);
    expect((JSON.parse(toStdout.stdout) as RulePack).journeys).toHaveLength(6);
  });

  it('tells the operator when the server cannot be reached or the key is missing', async () => {
    const unreachable = await runWayfarerCli(['pack', 'import', examplePack], { WAYFARER_URL: 'http://127.0.0.1:9', WAYFARER_ADMIN_KEY: 'ak' });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('Cannot reach the server at http://127.0.0.1:9');
    const noKey = await runWayfarerCli(['pack', 'export'], { WAYFARER_URL: serverEnv.WAYFARER_URL });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('no admin key');
  });
});
