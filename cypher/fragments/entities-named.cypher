// Every entity a command's plan names, read in one step: $ids (their ids); answers `entities` (their
// property maps; an id with no entity is left out, for the plan to say which is missing).
CALL () {
  UNWIND $ids AS id
  MATCH (n:Entity {id: id})
  RETURN collect(n {.*}) AS entities
}
