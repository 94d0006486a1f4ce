// ESLint flat config. Besides the usual checks it enforces the one-way dependency rule of
// docs/architecture.md: schemas ← engine ← server, and schemas ← engine (pure modules) ← editor.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const towardServerOrEditor = {
  regex: '(^|/)(server|editor)(/|$)',
  message: 'engine/ must not import server/ or editor/: dependencies point schemas ← engine ← server.',
};
const frameworkPackages = {
  regex: '^(fastify|@fastify/.*|react|react-dom|@xyflow/.*|nodemailer|zustand)$',
  message: 'engine/ is framework-free: no fastify, react, xyflow or channel libraries here.',
};
const databaseDriver = {
  regex: '^mongodb$',
  message: 'Only engine/store/ may import a database driver; use the storage port.',
};

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
    files: ['engine/**/*.ts'],
    ignores: ['engine/store/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [towardServerOrEditor, frameworkPackages, databaseDriver] }],
    },
  },
  {
    files: ['engine/store/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [towardServerOrEditor, frameworkPackages] }],
    },
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
    files: ['schemas/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '(^|/)(engine|server|editor)(/|$)', message: 'schemas/ is the bottom layer: it imports nothing of ours.' }],
      }],
    },
  },
);
