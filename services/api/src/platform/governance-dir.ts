import path from 'node:path';

/** The repo's governance/ folder (metadata templates, promotion policies); overridable for tests and deployments. */
export const GOVERNANCE_DIR = process.env.MNEMO_GOVERNANCE_DIR ?? path.resolve(__dirname, '../../../../governance');
