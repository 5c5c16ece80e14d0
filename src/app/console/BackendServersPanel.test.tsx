// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { BackendServersPanel } from './BackendServersPanel';
import { loadInstance } from './instance';
import type { Caller } from './requests';
import { callSlb } from './slb-client';
import { apiHarness, TEST_API } from './test-harness';

/** The default server group's forms preview the request they send, against the real action library. */

const LB = 'lb-gw8frankfurt0001';
const h = apiHarness('l4-frankfurt');
const call: Caller = (action, params) => callSlb(action, params, { apiPath: TEST_API });

function type(element: HTMLInputElement, value: string): Promise<void> {
  return act(async () => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(element, value);
    element.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('BackendServersPanel request previews', () => {
  it('a weight being edited and a server being added each show the request they will send', async () => {
    const loaded = await loadInstance(LB, call);
    if (!loaded.ok) throw new Error(loaded.error.message);
    await act(async () => {
      h.root.render(<BackendServersPanel loadBalancerId={LB} view={loaded.view} call={call} changed={() => undefined} notify={() => undefined} />);
    });
    const commands = () => Array.from(h.container.querySelectorAll('[data-testid="cli-command"]')).map((c) => c.textContent);
    // Only the add form previews before anything is typed.
    expect(commands()).toEqual([`aliyun slb AddBackendServers --LoadBalancerId ${LB} --BackendServers '[{"ServerId":"","Weight":"100"}]'`]);

    await type(document.getElementById('weight-i-gw8web2') as HTMLInputElement, '40');
    await type(document.getElementById('add-server-id') as HTMLInputElement, 'i-gw8web9');
    expect(commands()).toEqual([
      `aliyun slb SetBackendServers --LoadBalancerId ${LB} --BackendServers '[{"ServerId":"i-gw8web2","Weight":"40"}]'`,
      `aliyun slb AddBackendServers --LoadBalancerId ${LB} --BackendServers '[{"ServerId":"i-gw8web9","Weight":"100"}]'`,
    ]);
  });
});
