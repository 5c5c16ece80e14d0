import { http, HttpResponse } from 'msw';
import { handleRpc, type ActionParams } from './router';
import type { ControlPlaneState } from './state';

/** The path the in-browser API answers on (same origin, so the Service Worker sees it). */
export const API_PATH = '/api/slb/';

async function readParams(request: Request): Promise<ActionParams> {
  const params: Record<string, string> = Object.fromEntries(new URL(request.url).searchParams);
  if (request.method === 'POST') {
    const form = new URLSearchParams(await request.text());
    for (const [key, value] of form) params[key] = value;
  }
  return params;
}

/** MSW adapter: the same action library the Node server uses, answered by the Service Worker. */
export function createSlbHandlers(state: ControlPlaneState) {
  return [
    http.all(`*${API_PATH}`, async ({ request }) => {
      const response = handleRpc(state, await readParams(request));
      return HttpResponse.json(response.body, { status: response.status });
    }),
  ];
}
