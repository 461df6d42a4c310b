import 'reflect-metadata';
import { printSchema, type GraphQLSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import { AuditResolver } from './audit/audit.resolver';
import { CatalogResolver, ProjectResolver, TeamResolver, UserResolver } from './catalog/catalog.resolver';
import { DatasetResolver, DatasetVersionResolver } from './datasets/datasets.resolver';
import { DeploymentResolver } from './deployments/deployments.resolver';
import { ExperimentResolver } from './experiments/experiments.resolver';
import { FeatureSetResolver, FeatureSetVersionResolver } from './featuresets/featuresets.resolver';
import { ModelResolver, ModelVersionResolver } from './models/models.resolver';
import { LineageResolver } from './lineage/lineage.resolver';
import { MetricResolver, RunResolver } from './runs/runs.resolver';

let schema: GraphQLSchema | undefined;

/** The GraphQL contract, built from the resolver classes (schema/schema.graphql is printed from it). */
export function mnemoSchema(): GraphQLSchema {
  schema ??= buildSchemaSync({
    resolvers: [
      CatalogResolver,
      ProjectResolver,
      TeamResolver,
      UserResolver,
      DatasetResolver,
      DatasetVersionResolver,
      FeatureSetResolver,
      FeatureSetVersionResolver,
      ExperimentResolver,
      RunResolver,
      MetricResolver,
      ModelResolver,
      ModelVersionResolver,
      DeploymentResolver,
      AuditResolver,
      LineageResolver,
    ],
    validate: false,
  });
  return schema;
}

export function printMnemoSchema(): string {
  return `# Emitted from the code by \`npm run schema:emit\`; a test fails when this file drifts.\n\n${printSchema(mnemoSchema())}\n`;
}
