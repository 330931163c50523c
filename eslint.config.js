// Lint: typescript-eslint's recommended rules plus the house boundaries (see STYLE.md):
// modules talk through their index.ts, models stay inside their module, server/ never imports jobs/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'client/dist', 'client/node_modules', 'test-results', 'bench/results.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['server/**/*.ts'],
    ignores: ['server/main.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/jobs/**'], message: 'server/ never imports jobs/ (only main.ts wires them).' },
            { group: ['../*/*.model.js', '../../modules/*/*.model.js'], message: 'Models stay inside their module.' },
            { group: ['../*/*.service.js', '../*/*.routes.js', '../*/*.schema.js'], message: 'Import another module through its index.ts.' },
          ],
        },
      ],
    },
  },
  {
    // The client may import the server's schema files for their types only (erased at build time).
    files: ['client/src/**/*.ts', 'client/src/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/server/**'], allowTypeImports: true, message: 'The client takes only types from the server (import type / export type).' }] },
      ],
    },
  },
);
