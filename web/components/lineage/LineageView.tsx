'use client';
import { gql } from '../../lib/gql';
import type { LineageQuery } from '../../lib/gql/graphql';
import type { Merged } from '../../lib/merged';
import Link from 'next/link';
import { useParams, usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { plural } from '../../lib/format';
import { VERSIONED_KINDS } from '../../lib/kinds';
import { graphFromLineage, type LineageAnswer } from '../../lib/lineage/from-lineage';
import { startLayoutWorkerEarly } from '../../lib/lineage/layout-client';
import { plainView } from '../../lib/lineage/plain-view';
import { displayName, isRestricted } from '../../lib/node-summary';
import { entityHref, idFromParam, lineageHref } from '../../lib/routes';
import { startEarly, useQuery } from '../../lib/use-query';
import { AsOfControl, asOfParam, asOfWords } from '../AsOfControl';
import { DataState } from '../DataState';
import { DENSE_ABOVE_EDGES, GraphCanvas } from './GraphCanvas';
import { Legend } from './Legend';
import { NodeIndex } from './NodeIndex';
import { NodePanel } from './NodePanel';

const LINEAGE = gql(`
  query Lineage(
    $id: ID!
    $upstreamDepth: Int!
    $downstreamDepth: Int!
    $maxNodes: Int!
    $asOf: String
    $fanOutLimit: Int
    $expandedGroups: [ID!]
  ) {
    lineage(
      id: $id
      direction: BOTH
      upstreamDepth: $upstreamDepth
      downstreamDepth: $downstreamDepth
      maxNodes: $maxNodes
      asOf: $asOf
      fanOutLimit: $fanOutLimit
      expandedGroups: $expandedGroups
    ) {
      root {
        ...NodeSummary
        ... on Dataset { versions { id version } }
        ... on FeatureSet { versions { id version } }
        ... on Model { versions { id version } }
      }
      nodes { depth direction node { ...NodeSummary } }
      edges { from to type role }
      groups { id kind count depth direction }
      truncated
      truncatedReason
    }
  }
`);

const DEPTHS = [1, 2, 3, 4, 5, 6, 8, 10, 15, 20];
/** Every node drawn: as many as a browser here draws in about two seconds. */
const MAX_NODES = 5000;
/** Folded by the API, a lineage this large answers with a few hundred nodes and groups. */
const MAX_NODES_GROUPED = 25_000;
/** More siblings than this of one kind on one side of a node fold into a group. */
const FAN_OUT_LIMIT = 12;
const NONE: string[] = [];
const depthParam = (value: string | null, fallback: number) => {
  const depth = Number(value);
  return Number.isInteger(depth) && depth >= 1 && depth <= 50 ? depth : fallback;
};

/** What the page asks the API for, from its URL's id and search parameters and the groups unfolded. */
function lineageVariables(id: string, search: { get(name: string): string | null }, expandedGroups: string[]) {
  const ungrouped = search.get('groups') === 'off';
  return {
    id,
    upstreamDepth: depthParam(search.get('up'), 5),
    downstreamDepth: depthParam(search.get('down'), 5),
    maxNodes: ungrouped ? MAX_NODES : MAX_NODES_GROUPED,
    asOf: asOfParam(search.get('asOf')),
    ...(ungrouped ? {} : { fanOutLimit: FAN_OUT_LIMIT, expandedGroups }),
  };
}

// Opened as a page (not reached by a client-side link), the lineage is asked for as this module loads,
// before React has hydrated the page: a 5,000-node answer takes about a second to come.
if (typeof window !== 'undefined') {
  const [, section, segment] = window.location.pathname.split('/');
  if (section === 'lineage' && segment) {
    startEarly(LINEAGE, lineageVariables(idFromParam(segment), new URLSearchParams(window.location.search), NONE));
  }
}

/** The lineage around one node; depths and the plain view live in the URL so links and Back keep them. */
export function LineageView() {
  const id = idFromParam(useParams<{ id: string }>().id);
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const plain = search.get('view') === 'plain';
  const ungrouped = search.get('groups') === 'off';
  // The layout worker starts while the lineage is fetched: a 5,000-node answer takes seconds to come.
  useEffect(() => startLayoutWorkerEarly(), []);

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(search.toString());
    if (value === null) next.delete(key);
    else next.set(key, value);
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };

  // The groups this visit unfolded; another node's lineage starts folded again.
  const [unfolded, setUnfolded] = useState<{ id: string; groups: string[] }>({ id, groups: [] });
  const expandedGroups = unfolded.id === id ? unfolded.groups : NONE;
  const expand = useCallback(
    (groupId: string) => setUnfolded({ id, groups: [...expandedGroups, groupId] }),
    [id, expandedGroups],
  );
  const variables = lineageVariables(id, search, expandedGroups);
  const { upstreamDepth: upstream, downstreamDepth: downstream, maxNodes, asOf } = variables;
  const state = useQuery(LINEAGE, variables);
  // While a change (a group unfolded, a depth) is asked for, the graph drawn so far stays, said to be updating.
  // (React's "information from previous renders": set while rendering, not in an effect, so no frame shows "Loading".)
  const [lastReady, setLastReady] = useState<{ id: string; data: Merged<LineageQuery> } | null>(null);
  if (state.status === 'ready' && lastReady?.data !== state.data) setLastReady({ id, data: state.data });
  const updating = state.status === 'loading' && lastReady?.id === id ? lastReady.data : null;

  return (
    <>
      <h1>Lineage</h1>
      <p className="subtitle mono">{id}</p>
      <div className="controls">
        <label>
          Upstream depth{' '}
          <select value={upstream} onChange={(event) => setParam('up', event.target.value)}>
            {DEPTHS.map((depth) => (
              <option key={depth}>{depth}</option>
            ))}
          </select>
        </label>
        <label>
          Downstream depth{' '}
          <select value={downstream} onChange={(event) => setParam('down', event.target.value)}>
            {DEPTHS.map((depth) => (
              <option key={depth}>{depth}</option>
            ))}
          </select>
        </label>
        <button type="button" aria-pressed={plain} onClick={() => setParam('view', plain ? null : 'plain')}>
          Plain view: data → models → deployments
        </button>
        <button type="button" aria-pressed={ungrouped} onClick={() => setParam('groups', ungrouped ? null : 'off')}>
          Show every node (no groups)
        </button>
        <Link href={entityHref(id)}>Details of this node</Link>
        <AsOfControl />
      </div>
      <Legend plain={plain} />
      {updating && (
        <p className="state state-loading" role="status">
          Updating the lineage…
        </p>
      )}
      <DataState
        state={updating ? { status: 'ready', data: updating } : state}
        what={asOf ? `the lineage ${asOfWords(asOf)}` : 'the lineage'}
        isEmpty={(data) => data.lineage.nodes.length === 0 && data.lineage.groups.length === 0}
        empty={<NoLineage answer={state.status === 'ready' ? state.data : null} asOf={asOf} />}
      >
        {(data) => (
          <LineageGraph
            key={id}
            answer={data.lineage}
            maxNodes={maxNodes}
            plain={plain}
            onExpand={expand}
            onOpen={(other) => router.push(lineageHref(other))}
          />
        )}
      </DataState>
    </>
  );
}

function NoLineage({ answer, asOf }: { answer: Merged<LineageQuery> | null; asOf: string | null }) {
  const root = answer?.lineage.root;
  if (asOf) {
    return (
      <p>
        Nothing was linked to {root ? displayName(root) : 'this node'} {asOfWords(asOf)}: no inputs, outputs or
        derivations had been recorded by the end of that day.
      </p>
    );
  }
  if (root && VERSIONED_KINDS.includes(root.kind)) {
    const versions = root.versions ?? [];
    return (
      <div>
        <p>
          {displayName(root)} has no lineage of its own: lineage is recorded on its versions.
          {versions.length === 0 ? ' It has no versions yet.' : ' Pick one:'}
        </p>
        <ul>
          {versions.map((version) => (
            <li key={version.id}>
              <Link href={lineageHref(version.id)}>{version.version}</Link>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <p>Nothing is linked to {root ? displayName(root) : 'this node'}: no inputs, outputs or derivations recorded.</p>
  );
}

function LineageGraph(props: {
  answer: LineageAnswer;
  maxNodes: number;
  plain: boolean;
  /** Asks the API for a folded group's members. */
  onExpand: (groupId: string) => void;
  onOpen: (id: string) => void;
}) {
  const { answer, plain, onExpand } = props;
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const model = useMemo(() => {
    const full = graphFromLineage(answer);
    return plain ? plainView(full) : full;
  }, [answer, plain]);
  const selected = model.nodes.find((node) => node.id === selectedId) ?? null;
  const folded = useMemo(() => {
    const groups = model.nodes.filter((node) => node.count);
    return { groups: groups.length, members: groups.reduce((sum, node) => sum + node.count!, 0) };
  }, [model]);
  const expand = useCallback(
    (groupId: string) => {
      onExpand(groupId);
      setSelectedId(null);
    },
    [onExpand],
  );
  // A placeholder has no lineage of its own to centre on: its id is not the real one.
  const open = (id: string) => {
    if (id.startsWith('group:')) expand(id);
    else if (!isRestricted(id)) props.onOpen(id);
  };

  return (
    <>
      {answer.truncated && (
        <p className="notice">
          The graph goes on beyond what is shown: it stopped at{' '}
          {answer.truncatedReason === 'MAX_NODES' ? `${props.maxNodes.toLocaleString('en')} nodes` : 'the depth limit'}.
        </p>
      )}
      <p className="subtitle">
        {plural(model.nodes.length, 'node')} and {plural(model.edges.length, 'edge')} shown
        {folded.groups > 0 &&
          `, of which ${plural(folded.groups, 'group')} standing for ${folded.members.toLocaleString('en')} nodes`}
        .
        {model.edges.length > DENSE_ABOVE_EDGES &&
          ' With this many, edges are plain lines: what a node depends on is to its left.'}{' '}
        Click a node for details, double-click to centre the lineage on it.
      </p>
      <div className="graph-layout">
        <GraphCanvas
          model={model}
          selectedId={selectedId}
          onSelect={setSelectedId}
          onOpen={open}
          label={`Lineage graph around ${displayName(answer.root)}: ${model.nodes.length} nodes`}
        />
        <aside aria-label="Selected node">
          <NodePanel node={selected} onExpand={expand} />
          <NodeIndex model={model} onSelect={setSelectedId} />
        </aside>
      </div>
    </>
  );
}
