import type { GateReport } from './gates';

export const GATE_REPORT_FORMATS = ['md', 'json'] as const;
export type GateReportFormat = (typeof GATE_REPORT_FORMATS)[number];

/** The GraphQL query the CLI sends: exactly the fields a GateReport has. */
export const CHECK_PROMOTION_QUERY = `query CheckPromotion($id: ID!, $environment: Environment!, $policy: String) {
  checkPromotion(modelVersionId: $id, environment: $environment, policy: $policy) {
    modelVersionId environment passed
    gates { name kind passed actual required message }
  }
}`;

const cell = (text: string | null) => (text ?? '—').replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A gate report for people (Markdown: verdict, one table row per gate, the failures spelled out) or machines. */
export function renderGateReport(report: GateReport, format: GateReportFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const failed = report.gates.filter((gate) => !gate.passed);
  const lines = [
    `# Promotion gates: \`${report.modelVersionId}\` → ${report.environment}`,
    '',
    report.passed
      ? `**PASSED**: all ${report.gates.length} gate${report.gates.length === 1 ? '' : 's'} passed.`
      : `**FAILED**: ${failed.length} of ${report.gates.length} gate${report.gates.length === 1 ? '' : 's'} failed.`,
    '',
  ];
  if (report.gates.length === 0) {
    lines.push('The policy for this environment has no gates.', '');
  } else {
    lines.push('| Result | Gate | Kind | Actual | Required |', '| --- | --- | --- | --- | --- |');
    for (const gate of report.gates) {
      lines.push(
        `| ${gate.passed ? 'pass' : '**FAIL**'} | ${cell(gate.name)} | ${gate.kind} | ${cell(gate.actual)} | ${cell(gate.required)} |`,
      );
    }
    lines.push('');
  }
  if (failed.length > 0) {
    lines.push('## Why it fails', '');
    for (const gate of failed) lines.push(`- **${gate.name}**: ${gate.message}`);
    lines.push('');
  }
  return lines.join('\n');
}
