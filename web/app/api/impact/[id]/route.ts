import { forwardToApi } from '../../../../lib/api-proxy';

export const dynamic = 'force-dynamic';

/** The impact export (csv, md, json), passed through with its download headers. */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await context.params;
  const { search } = new URL(request.url);
  return forwardToApi(request, `/api/impact/${encodeURIComponent(decodeURIComponent(id))}${search}`, 'rest');
}
