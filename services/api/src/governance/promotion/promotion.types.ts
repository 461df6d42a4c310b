import { DateTimeResolver } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../catalog/catalog.types';
import { Environment } from '../../deployments/deployments.types';

export enum PolicySource {
  PROJECT = 'PROJECT',
  DEFAULT = 'DEFAULT',
  GIVEN = 'GIVEN',
}
registerEnumType(PolicySource, {
  name: 'PolicySource',
  description:
    "Where a promotion policy came from: the project's own (setPromotionPolicy), the repo default " +
    '(governance/policies/default.yaml), or text given for one check.',
});

@ObjectType({ description: 'How one promotion gate went: what was found against what the policy requires.' })
export class GateResult {
  @Field()
  name!: string;

  @Field({ description: 'metric-threshold, no-regression, fairness, upstream-data, provenance, approved-review, ...' })
  kind!: string;

  @Field()
  passed!: boolean;

  @Field(() => String, { nullable: true, description: 'What was found (null when nothing was recorded).' })
  actual!: string | null;

  @Field(() => String, { nullable: true, description: 'What the policy requires.' })
  required!: string | null;

  @Field()
  message!: string;
}

@ObjectType({ description: "A model version's promotion gates for one environment; passed when every gate passed." })
export class GateReport {
  @Field(() => ID)
  modelVersionId!: string;

  @Field(() => Environment)
  environment!: Environment;

  @Field()
  passed!: boolean;

  @Field(() => [GateResult])
  gates!: GateResult[];
}

@ObjectType({ description: 'One gate of a promotion policy.' })
export class PolicyGate {
  @Field()
  name!: string;

  @Field()
  kind!: string;

  @Field({ description: 'What it requires, in words (e.g. "auc >= 0.8").' })
  requirement!: string;
}

@ObjectType({ description: 'The promotion gates in force for a project and environment.' })
export class PromotionPolicy {
  @Field(() => ID)
  projectId!: string;

  @Field(() => Environment)
  environment!: Environment;

  @Field(() => PolicySource)
  source!: PolicySource;

  @Field({ description: 'The YAML text the policy was read from.' })
  yaml!: string;

  @Field(() => [PolicyGate])
  gates!: PolicyGate[];

  @Field(() => DateTimeResolver, { nullable: true, description: "When the project's own policy was loaded." })
  loadedAt!: string | null;

  @Field(() => String, { nullable: true })
  loadedBy!: string | null;
}

@ObjectType({
  implements: Node,
  description: 'A model version promoted into an environment (PROMOTES), re-pointing a deployment (INTO).',
})
export class Promotion extends Node {
  @Field()
  actor!: string;

  @Field(() => Environment)
  environment!: Environment;

  @Field(() => ID, { nullable: true, description: 'The version the deployment served before, if any.' })
  previousVersionId!: string | null;
}

@ObjectType({
  implements: Node,
  description: 'Someone approved promoting a model version into an environment (APPROVES), with the gate results then.',
})
export class Approval extends Node {
  @Field()
  approver!: string;

  @Field(() => Environment)
  environment!: Environment;

  @Field()
  rationale!: string;

  @Field({ description: 'Whether every gate passed when the approval was given.' })
  passed!: boolean;
}
