// ESLint flat config. Besides the usual checks it enforces the one-way dependency rule of
// docs/architecture.md: schemas ← engine ← server, and schemas ← engine (pure modules) ← editor.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Every extension TypeScript or JavaScript source can have: a wrong-way import in a .mts, .cts or .tsx file
// is as wrong as one in a .ts file.
const sourceExtensions = '{ts,tsx,mts,cts,js,jsx,mjs,cjs}';
const sourceFilesUnder = (directory) => [`${directory}/**/*.${sourceExtensions}`];

// Module paths a layer must not reach. Each regex matches the module specifier (case-insensitively, as
// no-restricted-imports does) and covers subpaths too: `fastify/fastify.js` is fastify, `react/jsx-runtime`
// is react. A package reached through a node_modules path counts as the package.
const towardServerOrEditor = {
  regex: '(^|/)(server|editor)(/|$)',
  message: 'engine/ must not import server/ or editor/: dependencies point schemas ← engine ← server.',
};
const frameworkPackages = {
  regex: '(^|/node_modules/)(fastify|@fastify/[^/]+|react|react-dom|@xyflow/[^/]+|nodemailer|zustand)(/|$)',
  message: 'engine/ is framework-free: no fastify, react, xyflow, zustand or channel libraries here.',
};
const databaseDriver = {
  regex: '(^|/node_modules/)mongodb(/|$)',
  message: 'Only engine/store/ may import a database driver; use the storage port.',
};
const towardOurLayers = {
  regex: '(^|/)(engine|server|editor)(/|$)',
  message: 'schemas/ is the bottom layer: it imports nothing of ours.',
};
const frameworksInSchemas = { ...frameworkPackages, message: 'schemas/ is plain JSON Schema: no framework imports.' };
const driverInSchemas = { ...databaseDriver, message: 'schemas/ is plain JSON Schema: no database driver.' };

/**
 * The ESLint settings that keep a layer's imports pointing one way. no-restricted-imports sees only static
 * `import` / `export … from`, so the same patterns are also applied, through no-restricted-syntax, to dynamic
 * `import()` with a literal or template source and to `import('…')` types; a dynamic import whose path is
 * computed, `require` and `createRequire` are refused outright, because no rule could check where they lead,
 * and so is JSX, which compiles to a react import.
 */
function importDirectionRules(patterns) {
  const caseInsensitive = (regex) => `/${regex.replaceAll('/', '\\/')}/i`;
  const reachingSyntax = patterns.flatMap(({ regex, message }) => [
    { selector: `ImportExpression[source.value=${caseInsensitive(regex)}]`, message },
    { selector: `ImportExpression[source.type='TemplateLiteral'][source.quasis.0.value.cooked=${caseInsensitive(regex)}]`, message },
    { selector: `TSImportType[source.value=${caseInsensitive(regex)}]`, message },
  ]);
  const unverifiableSyntax = [
    {
      selector: "ImportExpression:not([source.type='Literal']):not([source.type='TemplateLiteral'][source.expressions.length=0])",
      message: 'Import a module by a literal path here, so the one-way dependency rule can check where it leads.',
    },
    {
      selector: "CallExpression[callee.name='require'], MemberExpression[object.name='require'], Identifier[name='createRequire'], TSExternalModuleReference",
      message: 'No require() or createRequire here: use import, which the one-way dependency rule checks.',
    },
    {
      // tsconfig's "jsx": "react-jsx" compiles JSX into an import of react/jsx-runtime that no import line shows.
      selector: 'JSXElement, JSXFragment',
      message: 'No JSX here: it compiles to an import of react/jsx-runtime, and this layer is framework-free.',
    },
  ];
  return {
    'no-restricted-imports': ['error', { patterns: patterns.map(({ regex, message }) => ({ regex, message })) }],
    'no-restricted-syntax': ['error', ...reachingSyntax, ...unverifiableSyntax],
  };
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'editor/dist/**', 'data/**', 'schemas/types.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly', process: 'readonly', Buffer: 'readonly', URL: 'readonly',
        setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly',
        setImmediate: 'readonly', performance: 'readonly', structuredClone: 'readonly',
        TextEncoder: 'readonly', TextDecoder: 'readonly', AbortController: 'readonly', fetch: 'readonly',
        queueMicrotask: 'readonly', document: 'readonly', window: 'readonly', crypto: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    files: sourceFilesUnder('engine'),
    ignores: ['engine/store/**'],
    rules: importDirectionRules([towardServerOrEditor, frameworkPackages, databaseDriver]),
  },
  {
    files: sourceFilesUnder('engine/store'),
    rules: importDirectionRules([towardServerOrEditor, frameworkPackages]),
  },
  {
    files: ['editor/**/*.ts', 'editor/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '(^|/)server(/|$)', message: 'editor/ must not import server/: it talks to it over HTTP.' },
          { regex: '^(fastify|@fastify/.*|mongodb|nodemailer)$', message: 'editor/ runs in the browser.' },
          { regex: '(^|/)engine/store(/|$)', message: 'editor/ uses only the engine\'s pure modules.' },
        ],
      }],
    },
  },
  {
    files: sourceFilesUnder('schemas'),
    rules: importDirectionRules([towardOurLayers, frameworksInSchemas, driverInSchemas]),
  },
);
