// The datasets of each data source, by name (one row per source; the read guard leaves out what the
// caller may not read).
// $ids: data source ids
UNWIND $ids AS id
MATCH (source:DataSource {id: id})
RETURN id, [(source)<-[:IN_SOURCE]-(dataset:Dataset) | dataset {.*}] AS related
