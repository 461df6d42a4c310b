import type { Services } from '../context';
import { ignoreConflict } from '../platform/errors';

export const LOCAL_ADMIN_ID = 'user:admin';
export const LOCAL_ADMIN_TOKEN = 'local-admin';

/**
 * The first start with authentication on: when no user holds the org ADMIN role, makes `user:admin`
 * (org ADMIN) and a token `local-admin` for it, and answers the token's secret (to be shown once);
 * null when an org admin exists already. Runs as the server itself (outside any request).
 */
export async function ensureLocalAdmin(services: Pick<Services, 'catalog' | 'access'>): Promise<string | null> {
  if (await services.access.hasOrgAdmin()) return null;
  await services.catalog.createUser('mnemo', { handle: 'admin', name: 'Local administrator' }).catch(ignoreConflict); // a user:admin made earlier, without the role

  await services.access.setOrgRole('mnemo', LOCAL_ADMIN_ID, 'ADMIN', true);
  const { secret } = await services.access.createToken('mnemo', { name: LOCAL_ADMIN_TOKEN, userId: LOCAL_ADMIN_ID });
  return secret;
}
