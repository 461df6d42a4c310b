import { readFileSync } from 'node:fs';
import path from 'node:path';
import { printMnemoSchema } from './schema';

describe('the GraphQL contract', () => {
  it('schema/schema.graphql is exactly what the code emits (run `npm run schema:emit` after changing the API)', () => {
    const committed = readFileSync(path.resolve(__dirname, '../../../schema/schema.graphql'), 'utf8');
    expect(printMnemoSchema()).toBe(committed);
  });
});
