import { FieldResolver, Resolver, Root } from 'type-graphql';
import { Artifact } from '../models/models.types';
import type { EntityRecord } from '../platform/records';

@Resolver(() => Artifact)
export class ArtifactResolver {
  @FieldResolver(() => [String], {
    description:
      'Digests of the contents this file had before it was replaced, oldest first; each stays downloadable ' +
      '(`GET /api/2.0/mlflow-artifacts/artifacts/<path>?digest=<digest>`).',
  })
  earlierDigests(@Root() artifact: EntityRecord): string[] {
    return (artifact.earlierDigests as string[] | undefined) ?? [];
  }
}
