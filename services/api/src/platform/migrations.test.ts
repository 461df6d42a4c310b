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

  describe('with something to load, as the demo on a first start', () => {
    const fullText = async () =>
      db.runScript(
        'SHOW FULLTEXT INDEXES YIELD name, state, labelsOrTypes, properties, options ' +
          'RETURN name, state, labelsOrTypes, properties, options.indexConfig AS config ORDER BY name',
      );
    const recorded = async () => (await db.runScript('MATCH (m:Migration) RETURN count(m) AS n'))[0].n;
    // The worker's database as it was before its first migration: nothing in it, no full-text index.
    const neverMigrated = async () => {
      await db.runScript('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS');
      for (const { name } of await fullText()) await db.runScript(`DROP INDEX ${String(name)}`);
    };
    const probe = { id: 'dataset:quokka-ledger', name: 'quokka ledger' };
    const writeProbe = () => db.runScript('CREATE (:Entity:Dataset {id: $id, name: $name})', probe);
    let migrated: Awaited<ReturnType<typeof fullText>>;
    beforeAll(async () => {
      migrated = await fullText();
    });
    afterEach(async () => {
      await db.runScript('MATCH (n {id: $id}) DETACH DELETE n', probe);
      await migrate(db); // whatever a test left, the worker's database ends migrated
    });

    it('on an empty database it loads before the full-text indexes are created, which are then built over what it wrote', async () => {
      await neverMigrated();
      const during: { fullText: number; recorded: unknown }[] = [];
      const applied = await migrate(db, () => {}, {
        load: async () => {
          during.push({ fullText: (await fullText()).length, recorded: await recorded() });
          await writeProbe();
        },
      });
      // Loaded once, with no full-text index to keep up and no migration recorded yet.
      expect(during).toEqual([{ fullText: 0, recorded: 0 }]);
      expect(applied.length).toBe(await recorded());
      // The same indexes as a migration without a load makes (the last definition of each, online)...
      expect(await fullText()).toEqual(migrated);
      expect(migrated.map((index) => index.state)).toEqual(['ONLINE', 'ONLINE']);
      // ...and what the load wrote is in them.
      const found = await db.runScript(
        "CALL db.index.fulltext.queryNodes('catalog_text', 'quokka') YIELD node RETURN node.id AS id",
      );
      expect(found).toEqual([{ id: probe.id }]);
    });

    it('a load that fails leaves no migration recorded, so the next start creates the full-text indexes', async () => {
      await neverMigrated();
      await expect(
        migrate(db, () => {}, {
          load: async () => {
            await writeProbe();
            throw new Error('the demo stopped half-way');
          },
        }),
      ).rejects.toThrow('the demo stopped half-way');
      expect(await recorded()).toBe(0);
      expect(await fullText()).toEqual([]);
      // The next start finds data (the probe), so it defers nothing.
      const loads: number[] = [];
      await migrate(db, () => {}, { load: async () => void loads.push((await fullText()).length) });
      expect(loads).toEqual([2]);
      expect(await fullText()).toEqual(migrated);
    });

    it('on a migrated database it loads once everything is in place', async () => {
      const loads: { fullText: number; recorded: unknown }[] = [];
      expect(
        await migrate(db, () => {}, {
          load: async () => void loads.push({ fullText: (await fullText()).length, recorded: await recorded() }),
        }),
      ).toEqual([]);
      expect(loads).toEqual([{ fullText: 2, recorded: await recorded() }]);
    });
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
