import { startHarness } from '../test-support/harness';
import { loadDemoOrganisation } from './demo-organisation';

it('scratch', async () => {
  const harness = await startHarness();
  const lines: string[] = [];
  const t = Date.now();
  await loadDemoOrganisation(harness.db, (l) => lines.push(`${Date.now() - t} ${l}`));
  const rows = await harness.db.runScript(
    'MATCH (r:Run) RETURN r.status AS status, count(*) AS n ORDER BY status');
  const best = await harness.db.runScript(
    'MATCH (d:Deployment)-[:SERVES]->(v:ModelVersion)-[:GENERATED_BY]->(r:Run) RETURN d.id AS d, v.id AS v, r.id AS r, v.description AS desc ORDER BY d');
  const x = await harness.db.runScript("MATCH (r:Run {id: 'run:demo-churn-xgb-baseline-2'}) RETURN r.status AS s");
  console.log(lines.join('\n'), JSON.stringify(rows), JSON.stringify(best, null, 1), JSON.stringify(x), JSON.stringify(await harness.counts()));
  await harness.close();
}, 180000);
