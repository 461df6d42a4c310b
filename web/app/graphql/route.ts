import { forwardToApi } from '../../lib/api-proxy';

export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return forwardToApi(request, '/graphql', 'graphql');
}
