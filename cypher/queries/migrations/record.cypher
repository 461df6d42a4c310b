// Records that a migration ran.
// $name: file name, $checksum: sha256 of its text
MERGE (m:Migration {name: $name})
ON CREATE SET m.appliedAt = datetime(), m.checksum = $checksum
