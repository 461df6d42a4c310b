import { randomInt } from 'node:crypto';

/**
 * A run without a name gets one the way MLflow's server names it: adjective-noun-number
 * (`bold-heron-417`), so `tags.mlflow.runName` is never empty in `search_runs` and runs started by
 * autologging (GridSearchCV's children) are told apart by name, not only by id.
 */
const ADJECTIVES = [
  'agile',
  'amber',
  'bold',
  'brave',
  'bright',
  'calm',
  'clever',
  'crisp',
  'dapper',
  'eager',
  'fair',
  'gentle',
  'glad',
  'grand',
  'honest',
  'keen',
  'kind',
  'lively',
  'lucky',
  'merry',
  'nimble',
  'polite',
  'proud',
  'quick',
  'quiet',
  'rare',
  'sharp',
  'steady',
  'swift',
  'wise',
];
const NOUNS = [
  'ant',
  'bear',
  'bee',
  'crane',
  'deer',
  'dove',
  'eel',
  'finch',
  'fox',
  'gull',
  'hare',
  'hawk',
  'heron',
  'ibis',
  'jay',
  'koala',
  'lark',
  'lynx',
  'mole',
  'newt',
  'otter',
  'owl',
  'panda',
  'quail',
  'robin',
  'seal',
  'shrew',
  'stork',
  'toad',
  'wren',
];

export function generatedRunName(): string {
  const pick = (words: string[]) => words[randomInt(words.length)];
  return `${pick(ADJECTIVES)}-${pick(NOUNS)}-${randomInt(1000)}`;
}
