import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../catalog/catalog.types';
import { ConnectionOf } from '../platform/connection';

@ObjectType({
  implements: Node,
  description:
    'Where datasets live: a database, warehouse, stream or bucket, named by an OpenLineage namespace ' +
    '(e.g. postgres://db.internal:5432, bigquery, s3://lake). It belongs to no project.',
})
export class DataSource extends Node {
  @Field({ description: 'The namespace as producers send it.' })
  name!: string;

  @Field({ description: 'The OpenLineage namespace, e.g. postgres://db.internal:5432.' })
  namespace!: string;

  @Field({ description: 'The kind of system: the namespace scheme (postgres, bigquery, kafka, s3, duckdb, ...).' })
  platform!: string;

  @Field(() => String, { nullable: true, description: 'Host and port, when the namespace names them.' })
  host!: string | null;

  @Field(() => Int, { nullable: true, description: 'How many of its datasets the caller may read (in lists).' })
  datasetCount?: number | null;
}

@ObjectType()
export class DataSourceConnection extends ConnectionOf(DataSource, 'DataSource') {}
