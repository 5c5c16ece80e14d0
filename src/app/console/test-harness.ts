import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createSlbHandlers } from '../../api/msw-handlers';
import { handleRpc } from '../../api/router';
import { createControlPlane, type ControlPlaneState } from '../../api/state';
import { examples } from '../../scenario/examples';
import { parseScenario } from '../../scenario/validate';
import type { Caller } from './requests';
import { callSlb } from './slb-client';

/**
 * What the console's component tests share: the real action library served over MSW (as the
 * page's Service Worker serves it), a fresh control plane from a built-in example before each
 * test, and a React root to render into. Call once at the top of a jsdom test file.
 */

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export const TEST_API = 'http://localhost/api/slb/';

export interface Harness {
  /** The control plane the API answers from (fresh before each test). */
  state: ControlPlaneState;
  container: HTMLDivElement;
  root: Root;
  /** Calls the API as the console does. */
  call: Caller;
  /** Starts again from another built-in example. */
  load: (example: string) => void;
}

export function apiHarness(example: string, onUnhandledRequest: 'error' | 'bypass' = 'bypass'): Harness {
  const h = {
    call: (action, params) => callSlb(action, params, { apiPath: TEST_API }),
    load: (name: string) => {
      h.state = createControlPlane(parseScenario(examples[name]!));
    },
  } as Harness;
  const server = setupServer(...createSlbHandlers((params) => handleRpc(h.state, params)));
  beforeAll(() => server.listen({ onUnhandledRequest }));
  afterAll(() => server.close());
  beforeEach(() => {
    h.load(example);
    h.container = document.createElement('div');
    document.body.append(h.container);
    h.root = createRoot(h.container);
  });
  afterEach(() => {
    act(() => h.root.unmount());
    h.container.remove();
  });
  return h;
}
