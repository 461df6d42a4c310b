import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/target/**',
      '.mnemo/**',
      'coverage/**',
      'web/.next/**',
      'web/next-env.d.ts',
      'web/lib/gql/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        __dirname: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        fetch: 'readonly',
        require: 'readonly',
        module: 'writable',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.test.ts', '**/test-support/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['web/**/*.tsx', 'web/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // The boundaries of the code (docs/architecture.md): no import cycles in the api or the explorer.
  // import-x/no-cycle always skips `import type` (erased at compile time, so no cycle at run time).
  {
    files: ['services/api/src/**/*.ts', 'web/**/*.ts', 'web/**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  // platform/ is what the domains share, so it imports none of them: what needs the domains (the
  // GraphQL context, the DataLoaders) lives at the composition root beside app.ts and services.ts.
  {
    files: ['services/api/src/platform/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './services/api/src/platform',
              from: './services/api/src',
              except: ['./platform', './test-support'],
              message: 'platform/ imports no domain: move the shared piece into platform/, or the user of it out.',
            },
          ],
        },
      ],
    },
  },
  // Named queries (cypher/queries/<area>/<name>.cypher) run only from a domain's repository
  // (<domain>/<domain>.repository.ts), whether the name is written out or passed in a variable:
  // services and protocol adapters call repository functions. Besides repositories, the per-request
  // DataLoaders (dataloaders.ts, <domain>/loaders.ts) may run them as the read path's batch layer,
  // platform/ runs its own (migrations), and tests run whatever they check.
  {
    files: ['services/api/src/**/*.ts'],
    ignores: [
      'services/api/src/**/*.repository.ts',
      'services/api/src/dataloaders.ts',
      'services/api/src/**/loaders.ts',
      'services/api/src/platform/**',
      'services/api/src/test-support/**',
      '**/*.test.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='query']",
          message:
            'Named queries run only from repositories: add a function to <domain>/<domain>.repository.ts and call it (docs/architecture.md).',
        },
      ],
    },
  },
);
