// Records that migrations ran.
// $migrations: [{name: file name, checksum: sha256 of its text}]
UNWIND $migrations AS migration
MERGE (m:Migration {name: migration.name})
ON CREATE SET m.appliedAt = datetime(), m.checksum = migration.checksum
