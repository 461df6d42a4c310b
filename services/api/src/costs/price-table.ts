import path from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import { FileOnChange } from '../platform/file-on-change';
import { GOVERNANCE_DIR } from '../platform/governance-dir';

/** The organisation's hourly compute prices (governance/prices.yaml), as the cost queries take them. */
export interface PriceTable {
  currency: 'USD';
  /** YYYY-MM-DD: when these prices were taken from the provider's sheet. */
  effectiveFrom: string;
  /** Instance type → USD per hour for the machine without its accelerators. */
  instances: Record<string, number>;
  /** Accelerator type → USD per hour for one device. */
  accelerators: Record<string, number>;
}

export const PRICE_TABLE_FILE = path.join(GOVERNANCE_DIR, 'prices.yaml');

/** A price table that cannot be used; the message names the file and each bad line. */
export class PriceTableError extends Error {
  constructor(
    readonly source: string,
    readonly problems: { line: number | null; problem: string }[],
  ) {
    super(
      `${source} is not a usable price table:\n` +
        problems.map(({ line, problem }) => `  ${line === null ? '' : `line ${line}: `}${problem}`).join('\n'),
    );
    this.name = 'PriceTableError';
  }
}

const SETTINGS = ['currency', 'effectiveFrom', 'instances', 'accelerators'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads and checks a price table; every problem is listed with its line in one PriceTableError. */
export function parsePriceTable(text: string, source = 'governance/prices.yaml'): PriceTable {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  const problems: { line: number | null; problem: string }[] = [];
  const lineOf = (node: YamlNode | null | undefined) => (node?.range ? lines.linePos(node.range[0]).line : null);
  const fail = (node: YamlNode | null | undefined, problem: string) => problems.push({ line: lineOf(node), problem });

  for (const error of document.errors) {
    problems.push({
      line: error.linePos?.[0].line ?? null,
      problem: `not valid YAML: ${error.message.split('\n')[0]}`,
    });
  }
  if (problems.length > 0) throw new PriceTableError(source, problems);
  const root = document.contents;
  if (!isMap(root))
    throw new PriceTableError(source, [{ line: null, problem: `must be a mapping of ${SETTINGS.join(', ')}` }]);

  const entries = new Map<string, Pair<YamlNode, YamlNode | null>>();
  for (const pair of root.items as Pair<YamlNode, YamlNode | null>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!SETTINGS.includes(key)) fail(pair.key, `"${key}" is not a price table setting; use ${SETTINGS.join(', ')}`);
    else entries.set(key, pair);
  }
  for (const key of SETTINGS) {
    if (!entries.has(key)) problems.push({ line: null, problem: `${key} is missing` });
  }

  const currency = entries.get('currency');
  if (currency && !(isScalar(currency.value) && currency.value.value === 'USD')) {
    fail(currency.value ?? currency.key, `currency must be USD (the only currency Mnemo reports in)`);
  }
  const effective = entries.get('effectiveFrom');
  const effectiveFrom = isScalar(effective?.value) ? String(effective.value.source ?? effective.value.value) : '';
  if (effective && !(DATE.test(effectiveFrom) && !Number.isNaN(Date.parse(effectiveFrom)))) {
    fail(effective.value ?? effective.key, `effectiveFrom must be a date, YYYY-MM-DD; got "${effectiveFrom}"`);
  }

  const prices = (setting: 'instances' | 'accelerators', unit: string): Record<string, number> => {
    const pair = entries.get(setting);
    if (!pair) return {};
    if (!isMap(pair.value)) {
      fail(pair.value ?? pair.key, `${setting} must map each ${unit} type to its USD price per hour`);
      return {};
    }
    const found: [string, number][] = [];
    const seen = new Set<string>();
    for (const item of pair.value.items as Pair<YamlNode, YamlNode | null>[]) {
      const name = isScalar(item.key) ? String(item.key.value ?? '').trim() : '';
      if (!name) {
        fail(item.key, `${setting}: every ${unit} type needs a name`);
        continue;
      }
      if (seen.has(name)) fail(item.key, `${setting}.${name} is listed twice`);
      seen.add(name);
      const price = isScalar(item.value) ? item.value.value : undefined;
      if (typeof price !== 'number' || !Number.isFinite(price) || price < 0) {
        const shown = isScalar(item.value) ? JSON.stringify(item.value.value) : 'nothing';
        fail(
          item.value ?? item.key,
          `${setting}.${name} must be a price in USD per hour (a number, 0 or more); got ${shown}`,
        );
        continue;
      }
      found.push([name, price]);
    }
    return Object.fromEntries(found);
  };
  const instances = prices('instances', 'instance');
  const accelerators = prices('accelerators', 'accelerator');
  if (problems.length > 0) throw new PriceTableError(source, problems);
  return { currency: 'USD', effectiveFrom, instances, accelerators };
}

/**
 * The price table file, read again whenever it changes on disk (an edit needs no restart). Without a
 * file given: MNEMO_PRICE_TABLE when set, else governance/prices.yaml.
 */
export class PriceTableFile extends FileOnChange<PriceTable> {
  constructor(file?: string) {
    super(
      () => file ?? process.env.MNEMO_PRICE_TABLE ?? PRICE_TABLE_FILE,
      (text, source) => parsePriceTable(text, source),
      (missing) => {
        throw new PriceTableError(missing, [{ line: null, problem: 'the file does not exist' }]);
      },
    );
  }
}
