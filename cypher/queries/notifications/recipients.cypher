// Who is told about each notification intent, and why (a path of ids), decided in the transaction
// of the change: the owners of what is downstream of `downstreamOf` (a Dataset or Model stands for
// all its versions), the users and teams named in `recipients` (with their own why-path), the
// subscribers to the subject, its parent or its project, and those subscribed to "everything
// downstream of what I own" who own something upstream of the subject. Only recipients who may read
// the subject are answered (access/read-access.ts's rule: a role in its project, own or through a
// team, and for a restricted subject ownership or MAY_READ; org AUDITORs and ADMINs read all).
// {{maxDepth}}: how far downstream and upstream to look (a whole number the service chose)
// $intents: [{key, subjectId, downstreamOf: [ids], recipients: [{id, whyPath: [ids]}]}]
// $readAll: true when every caller may read everything (authentication off)
UNWIND $intents AS intent
MATCH (subject:Entity {id: intent.subjectId})
OPTIONAL MATCH ppath = (subject)-[:IN_EXPERIMENT|VERSION_OF|GENERATED_BY|PROMOTES*0..3]->()-[:IN_PROJECT]->(p:Project)
WITH intent, subject, p ORDER BY length(ppath)
WITH intent, subject, head(collect(p)) AS project
OPTIONAL MATCH (subject)-[:VERSION_OF]->(parent:Entity)
CALL (intent, subject, parent, project) {
  UNWIND intent.recipients AS named
  MATCH (who:Entity {id: named.id}) WHERE who:User OR who:Team
  RETURN who, 'NAMED' AS reason, named.whyPath AS whyPath
UNION
  UNWIND intent.downstreamOf AS startId
  MATCH (start:Entity {id: startId})
  OPTIONAL MATCH (start)<-[:VERSION_OF]-(version:Entity)
  WITH DISTINCT coalesce(version, start) AS origin
  MATCH path = (origin)<-[:USED|GENERATED_BY|DERIVED_FROM|SERVES*1..{{maxDepth}}]-(n:Entity)
  MATCH (n)-[:VERSION_OF*0..1]->(:Entity)-[:OWNED_BY]->(who)
  WITH who, path ORDER BY length(path)
  WITH who, head(collect(path)) AS path
  RETURN who, 'OWNS_DOWNSTREAM' AS reason, [x IN nodes(path) | x.id] AS whyPath
UNION
  MATCH (s:Subscription)-[:ON]->(t:Entity)
  WHERE s.removedAt IS NULL AND (t = subject OR t = parent OR t = project)
  MATCH (s)-[:FOR]->(who)
  RETURN who, 'SUBSCRIBED' AS reason, CASE WHEN t = subject THEN [subject.id] ELSE [t.id, subject.id] END AS whyPath
UNION
  MATCH path = (subject)-[:USED|GENERATED_BY|DERIVED_FROM|SERVES*0..{{maxDepth}}]->(up:Entity)
  MATCH (up)-[:VERSION_OF*0..1]->(:Entity)-[:OWNED_BY]->(who)
  WHERE EXISTS { (who)<-[:FOR]-(s:Subscription {scope: 'DOWNSTREAM_OF_OWNED'}) WHERE s.removedAt IS NULL }
  WITH who, path ORDER BY length(path)
  WITH who, head(collect(path)) AS path
  RETURN who, 'SUBSCRIBED_DOWNSTREAM' AS reason, reverse([x IN nodes(path) | x.id]) AS whyPath
}
WITH intent, subject, project, who, reason, whyPath
WHERE $readAll OR 'AUDITOR' IN coalesce(who.orgRoles, []) OR 'ADMIN' IN coalesce(who.orgRoles, [])
   OR ((project IS NULL OR EXISTS { (who)-[:MEMBER_OF*0..1]->(:Entity)-[:HAS_ROLE]->(project) })
       AND (NOT coalesce(subject.restricted, false) OR EXISTS {
         MATCH (who)-[:MEMBER_OF*0..1]->(m)
         WHERE (m)-[:MAY_READ]->(subject) OR (subject)-[:VERSION_OF]->()<-[:MAY_READ]-(m)
            OR (subject)-[:VERSION_OF*0..1]->()-[:OWNED_BY]->(m)
       }))
RETURN intent.key AS key, subject.kind AS subjectKind, coalesce(subject.name, subject.id) AS subjectName,
       project.id AS projectId, who.id AS recipientId, reason, whyPath
