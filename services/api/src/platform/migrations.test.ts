import { migrate, statementsOf } from './migrations';
import { createDriver, GraphDatabase } from './neo4j';
import { workerNeo4jUri } from '../test-support/harness';

describe('migrations', () => {
  let db: GraphDatabase;
  beforeAll(() => {
    db = new GraphDatabase(createDriver({ uri: workerNeo4jUri() }));
  });
  afterAll(() => db.close());

  const schemaState = async () => ({
    constraints: (await db.runScript('SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name')).map((r) => r.name),
    indexes: (await db.runScript('SHOW INDEXES YIELD name, state RETURN name, state ORDER BY name')).map(
      (r) => `${r.name}:${r.state}`,
    ),
    migrations: (await db.runScript('MATCH (m:Migration) RETURN m.name AS name, m.appliedAt AS at ORDER BY name')).map(
      (r) => `${r.name}@${r.at}`,
    ),
  });

  it('running migrations again applies nothing and changes nothing', async () => {
    await migrate(db);
    const before = await schemaState();
    expect(before.migrations.length).toBeGreaterThanOrEqual(3);
    expect(before.constraints).toEqual(expect.arrayContaining(['entity_id', 'run_id', 'dataset_version_id']));
    expect(before.indexes).toEqual(expect.arrayContaining(['catalog_text:ONLINE']));
    expect(await migrate(db)).toEqual([]);
    expect(await schemaState()).toEqual(before);
  });

  it('a database migrated from empty (as each test database was) records every migration file with its checksum', async () => {
    await migrate(db);
    const { createHash } = await import('node:crypto');
    const { readdirSync, readFileSync } = await import('node:fs');
    const path = await import('node:path');
    const { CYPHER_DIR } = await import('./cypher');
    const dir = path.join(CYPHER_DIR, 'migrations');
    const files = readdirSync(dir)
      .filter((file) => file.endsWith('.cypher'))
      .sort();
    const recorded = await db.runScript(
      'MATCH (m:Migration) RETURN m.name AS name, m.checksum AS checksum, m.appliedAt IS NOT NULL AS dated ORDER BY name',
    );
    expect(recorded).toEqual(
      files.map((name) => ({
        name,
        checksum: createHash('sha256')
          .update(readFileSync(path.join(dir, name), 'utf8'))
          .digest('hex'),
        dated: true,
      })),
    );
  });

  it('re-applying every statement of every migration by hand is harmless too', async () => {
    const before = await schemaState();
    const { readdirSync, readFileSync } = await import('node:fs');
    const path = await import('node:path');
    const { CYPHER_DIR } = await import('./cypher');
    for (const file of readdirSync(path.join(CYPHER_DIR, 'migrations')).sort()) {
      for (const statement of statementsOf(readFileSync(path.join(CYPHER_DIR, 'migrations', file), 'utf8'))) {
        await db.runScript(statement);
      }
    }
    expect(await schemaState()).toEqual(before);
  });

  it('refuses to run when an applied migration was edited afterwards, and says which', async () => {
    const [first] = await db.runScript(
      'MATCH (m:Migration) RETURN m.name AS name, m.checksum AS checksum ORDER BY name',
    );
    await db.runScript('MATCH (m:Migration {name: $name}) SET m.checksum = $fake', {
      name: first.name,
      fake: 'edited',
    });
    try {
      await expect(migrate(db)).rejects.toThrow(`migration ${String(first.name)} changed after it was applied`);
    } finally {
      await db.runScript('MATCH (m:Migration {name: $name}) SET m.checksum = $checksum', first);
    }
    expect(await migrate(db)).toEqual([]);
  });

  it('splits a migration file into statements, skipping comments', () => {
    expect(
      statementsOf(
        '// note; with a semicolon\nCREATE INDEX a IF NOT EXISTS FOR (n:A) ON (n.x);\nCREATE INDEX b\n  IF NOT EXISTS FOR (n:B) ON (n.y);\n',
      ),
    ).toEqual([
      'CREATE INDEX a IF NOT EXISTS FOR (n:A) ON (n.x)',
      'CREATE INDEX b\n  IF NOT EXISTS FOR (n:B) ON (n.y)',
    ]);
  });
});
