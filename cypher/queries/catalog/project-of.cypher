// The project of many entities at once (runs through their experiment, versions through their parent), for a DataLoader.
// $ids: entity ids
UNWIND $ids AS id
MATCH (n:Entity {id: id})
OPTIONAL MATCH (n)-[:IN_EXPERIMENT|VERSION_OF*0..1]->()-[:IN_PROJECT]->(p:Project)
RETURN id, head(collect(p {.*})) AS project
