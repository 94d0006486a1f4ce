import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the installed `wayfarer` command (package.json "bin"). */
function wayfarer(...args: string[]) {
  return spawnSync(process.execPath, ['server/cli/wayfarer.js', ...args], { cwd: repositoryRoot, encoding: 'utf8', timeout: 60_000 });
}

describe('the wayfarer command line', () => {
  it('lists its subcommands', () => {
    const result = wayfarer('help');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Usage: wayfarer <command>/);
    expect(result.stdout).toMatch(/^\s+start\s+Start the server/m);
  });

  it('refuses an unknown subcommand with exit code 2 and the usage', () => {
    const result = wayfarer('launch');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Unknown command "launch"');
    expect(result.stdout).toContain('Commands:');
  });
});
