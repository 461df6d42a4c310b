import { Field, ID, InputType, InterfaceType } from 'type-graphql';
import { MetadataFieldInput } from '../governance/templates/metadata.types';
import type { EntityRecord } from '../platform/records';
import { Node } from '../catalog/catalog.types';
import { ColumnInput, ColumnStatsInput } from '../drift/drift.types';

/** Fields every immutable version shows. */
@InterfaceType({
  implements: Node,
  description: 'An immutable version of a dataset, feature set or model.',
  resolveType: (value: EntityRecord) => value.kind,
})
export abstract class Version extends Node {
  @Field({ description: 'The version label, e.g. "2026-10" or "7".' })
  version!: string;

  @Field({ description: 'Content digest, <algorithm>:<hex>; a version never changes once registered.' })
  digest!: string;

  @Field(() => String, { nullable: true, description: 'Where the content lives.' })
  uri!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;
}

/** Fields every version registration takes. */
@InputType()
export abstract class VersionInputFields {
  @Field({ description: 'The version label, e.g. "2026-10"; registering it again with the same content is a no-op.' })
  version!: string;

  @Field({ description: 'Content digest as <algorithm>:<hex>, e.g. sha256:9f86d0...' })
  digest!: string;

  @Field(() => String, { nullable: true })
  uri?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'The run that produced this version (GENERATED_BY).' })
  generatedByRunId?: string | null;

  @Field(() => [MetadataFieldInput], {
    nullable: true,
    description: "Governed metadata (e.g. classification), checked against the project's metadata template.",
  })
  metadata?: MetadataFieldInput[] | null;
}

@InputType()
export abstract class DerivableVersionInputFields extends VersionInputFields {
  @Field(() => [ID], { nullable: true, description: 'Dataset or feature set versions this was derived from.' })
  derivedFromIds?: string[] | null;

  @Field(() => [ColumnInput], {
    nullable: true,
    description: 'Its columns; the change from the previous version is computed at registration (schemaChange).',
  })
  schema?: ColumnInput[] | null;

  @Field(() => [ColumnStatsInput], {
    nullable: true,
    description: 'Simple statistics per column, compared with the previous version’s (driftFlags).',
  })
  columnStats?: ColumnStatsInput[] | null;
}
