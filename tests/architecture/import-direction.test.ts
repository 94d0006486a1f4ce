import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The one-way dependency rule (docs/design.md "Layers"): schemas ← engine ← server and
// schemas ← engine's pure modules ← editor. eslint.config.js enforces it; these cases are the ways an audit
// found to slip a wrong-way import past it, plus the imports it must keep allowing.

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const directionRules = new Set(['no-restricted-imports', 'no-restricted-syntax']);

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot });
});

/** The direction-rule errors ESLint reports for `code` as if it were the file at `filePath`. */
async function directionErrorsFor(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  // A file no config matches comes back with one "File ignored" warning and no errors: that is a leak too.
  expect(result.messages.filter((message) => message.message.includes('ignored'))).toEqual([]);
  return result.messages
    .filter((message) => message.severity === 2 && directionRules.has(message.ruleId ?? ''))
    .map((message) => message.message);
}

/** Every error, whatever the rule, so an allowed import is proven clean and not merely unflagged. */
async function allErrorsFor(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((message) => message.severity === 2).map((message) => `${message.ruleId}: ${message.message}`);
}

describe('engine/ never imports server/, editor/, fastify or react', () => {
  const wrongWay: Array<[string, string, string]> = [
    ['a static import of server/', 'engine/rules/leak.ts', "import { buildApp } from '../../server/app';\nexport { buildApp };\n"],
    ['a dynamic import of fastify', 'engine/rules/leak.ts', "export const fastify = await import('fastify');\n"],
    ['a dynamic import of server/', 'engine/rules/leak.ts', "export const app = await import('../../server/app.js');\n"],
    ['a dynamic import of editor/ through a template', 'engine/rules/leak.ts', 'export const editor = await import(`../../editor/src/main.js`);\n'],
    ['a dynamic import with a computed path', 'engine/rules/leak.ts', "const layer = 'server';\nexport const app = await import(`../../${layer}/app.js`);\n"],
    [
      'createRequire of react',
      'engine/rules/leak.ts',
      "import { createRequire } from 'node:module';\nexport const react = createRequire(import.meta.url)('react');\n",
    ],
    ['a fastify subpath', 'engine/rules/leak.ts', "import Fastify from 'fastify/fastify.js';\nexport { Fastify };\n"],
    ['an @fastify/* plugin', 'engine/rules/leak.ts', "export { default } from '@fastify/static';\n"],
    ['a react subpath', 'engine/rules/leak.ts', "export { jsx } from 'react/jsx-runtime';\n"],
    ['react-dom', 'engine/rules/leak.ts', "export { createRoot } from 'react-dom/client';\n"],
    ['@xyflow/react', 'engine/rules/leak.ts', "export { ReactFlow } from '@xyflow/react';\n"],
    ['zustand', 'engine/rules/leak.ts', "export { create } from 'zustand';\n"],
    ['a type-only import() of fastify', 'engine/rules/leak.ts', "export type App = import('fastify').FastifyInstance;\n"],
    ['react from a .mts file', 'engine/rules/leak.mts', "import React from 'react';\nexport { React };\n"],
    ['react from a .cts file', 'engine/rules/leak.cts', "import React = require('react');\nexport { React };\n"],
    ['react from a .tsx file', 'engine/rules/leak.tsx', "import React from 'react';\nexport { React };\n"],
    ['JSX, which compiles to react/jsx-runtime', 'engine/rules/leak.tsx', 'export const badge = <b>VIP</b>;\n'],
    ['require() in a .js file', 'engine/rules/leak.js', "export const fastify = require('fastify');\n"],
    ['a database driver outside engine/store/', 'engine/rules/leak.ts', "export const driver = await import('mongodb');\n"],
    ['server/ from engine/store/', 'engine/store/leak.ts', "export const app = await import('../../server/app.js');\n"],
  ];

  it.each(wrongWay)('refuses %s', async (_case, filePath, code) => {
    expect(await directionErrorsFor(code, filePath)).not.toEqual([]);
  });

  it('allows the engine its own modules and its libraries', async () => {
    const code = [
      "import { Engine } from 'json-rules-engine';",
      "import type { StoragePort } from '../store/index';",
      "export const store = await import('../store/index');",
      'export type Port = StoragePort;',
      'export { Engine };',
      '',
    ].join('\n');
    expect(await allErrorsFor(code, 'engine/rules/allowed.ts')).toEqual([]);
  });

  it('allows engine/store/ its database driver', async () => {
    expect(await allErrorsFor("export { MongoClient } from 'mongodb';\n", 'engine/store/allowed.ts')).toEqual([]);
  });
});

describe('schemas/ imports nothing of ours', () => {
  it.each([
    ['engine/', "export const rules = await import('../engine/rules/index');\n"],
    ['server/', "export { buildApp } from '../server/app';\n"],
    ['fastify', "export const fastify = await import('fastify');\n"],
  ])('refuses %s', async (_case, code) => {
    expect(await directionErrorsFor(code, 'schemas/leak.ts')).not.toEqual([]);
  });
});

describe('editor/ uses the engine\'s pure modules and never the server', () => {
  it('allows an import of an engine pure module', async () => {
    const code = "import type { Condition } from '../../engine/rules/index';\nexport type Rule = Condition;\n";
    expect(await allErrorsFor(code, 'editor/src/allowed.ts')).toEqual([]);
  });

  it('refuses server/ and the engine\'s store', async () => {
    expect(await directionErrorsFor("export { buildApp } from '../../server/app';\n", 'editor/src/leak.ts')).not.toEqual([]);
    expect(await directionErrorsFor("export { EmbeddedStore } from '../../engine/store/index';\n", 'editor/src/leak.ts')).not.toEqual([]);
  });
});

describe('the current tree', () => {
  it('has engine/ and schemas/ lint clean under the rule', async () => {
    const results = await eslint.lintFiles(['engine', 'schemas']);
    const errors = results.flatMap((result) =>
      result.messages
        .filter((message) => message.severity === 2)
        .map((message) => `${result.filePath.slice(repoRoot.length)}:${message.line} ${message.ruleId}: ${message.message}`),
    );
    expect(results.length).toBeGreaterThan(100);
    expect(errors).toEqual([]);
  });
});
