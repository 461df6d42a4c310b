import path from 'node:path';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { preset as clientPreset } from '@graphql-codegen/client-preset';

/**
 * GraphQL Code Generator: every operation the explorer sends, written with `gql(...)` anywhere under
 * app/, components/ or lib/, is validated against the api's schema (schema/schema.graphql, emitted by
 * `npm run schema:emit`) and becomes a typed document in lib/gql/ (git-ignored; `npm run codegen`
 * writes it, and `npm test`, `npm start` and the web build run it first). An operation the schema does
 * not allow fails generation, so it fails the build.
 */
const WEB = __dirname;

export const CODEGEN_OUTPUT = path.join(WEB, 'lib', 'gql') + path.sep;

const config: CodegenConfig = {
  schema: path.join(WEB, '..', 'schema', 'schema.graphql'),
  documents: [
    path.join(WEB, '{app,components,lib}', '**', '*.{ts,tsx}'),
    `!${path.join(WEB, 'lib', 'gql', '**')}`,
    `!${path.join(WEB, '**', '*.test.ts')}`,
  ],
  ignoreNoDocuments: false,
  errorsOnly: false,
  generates: {
    [CODEGEN_OUTPUT]: {
      // The preset itself, not its name: the config then works from any folder (web/lib/codegen.test.ts).
      preset: clientPreset,
      presetConfig: { gqlTagName: 'gql', fragmentMasking: false },
      config: {
        // Documents are plain strings (TypedDocumentString): the explorer POSTs the text, no graphql-js in the bundle.
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        strictScalars: true,
        scalars: { DateTime: 'string' },
      },
    },
  },
};

export default config;
