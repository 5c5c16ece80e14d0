import { http, HttpResponse } from 'msw';
import { API_PATH } from './api-path';
import type { ActionParams, ApiResponse } from './router';

export { API_PATH };

/** Serves one request's parameters: in the app, the simulation worker's control plane. */
export type RpcServer = (params: ActionParams) => Promise<ApiResponse> | ApiResponse;

async function readParams(request: Request): Promise<Record<string, string>> {
  const params: Record<string, string> = Object.fromEntries(new URL(request.url).searchParams);
  if (request.method === 'POST') {
    const form = new URLSearchParams(await request.text());
    for (const [key, value] of form) params[key] = value;
  }
  return params;
}

/**
 * MSW adapter: the same action library the Node server uses. The control plane lives next to the
 * engine (in the simulation worker), so an accepted change is journaled and applied there at once.
 */
export function createSlbHandlers(serve: RpcServer) {
  return [
    http.all(`*${API_PATH}`, async ({ request }) => {
      const response = await serve(await readParams(request));
      return HttpResponse.json(response.body, { status: response.status });
    }),
  ];
}
