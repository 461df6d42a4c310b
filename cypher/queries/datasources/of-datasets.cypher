// The data source of each dataset (one row per dataset in one; none for datasets registered otherwise).
// $ids: dataset ids
UNWIND $ids AS id
MATCH (:Dataset {id: id})-[:IN_SOURCE]->(source:DataSource)
RETURN id, source {.*} AS entity
