// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { AddListenerWizard } from './AddListenerWizard';
import type { Caller } from './requests';
import { callSlb, type SlbResult } from './slb-client';
import { apiHarness, TEST_API } from './test-harness';

/**
 * The wizard against the real action library (MSW in Node, answering from a control plane):
 * it sends, the API refuses, and the wizard takes the user to the field at fault.
 */

const LB = 'lb-gw8frankfurt0001';

const h = apiHarness('l4-frankfurt', 'error');

const realCall: Caller = (action, params) => callSlb(action, params, { apiPath: TEST_API });

async function render(call: Caller): Promise<{ created: string[] }> {
  const created: string[] = [];
  await act(async () => {
    h.root.render(
      <AddListenerWizard
        loadBalancerId={LB}
        backendServers={[]}
        call={call}
        onCreated={(text) => created.push(text)}
        onCancel={() => undefined}
      />,
    );
  });
  return { created };
}

/** Types into a React-controlled input as a user would. */
async function type(id: string, value: string): Promise<void> {
  const input = document.getElementById(id) as HTMLInputElement;
  expect(input, id).not.toBeNull();
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  await act(async () => {
    setter.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function click(name: string | RegExp): Promise<void> {
  const button = Array.from(h.container.querySelectorAll('button')).find((b) =>
    typeof name === 'string' ? b.textContent === name : name.test(b.textContent ?? ''),
  );
  expect(button, String(name)).toBeDefined();
  await act(async () => {
    button!.click();
  });
}

/** Waits until the wizard's requests have been answered (the submit button is back). */
async function settle(): Promise<void> {
  for (let i = 0; i < 100 && h.container.textContent?.includes('Sending…'); i++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
    });
  }
}

const ports = (): number[] => h.state.scenario.listeners.map((l) => l.ListenerPort);

describe('AddListenerWizard against the SLB API', () => {
  it("shows the API's error for an out-of-range interval next to that field, focused, and creates nothing", async () => {
    await render(realCall);
    await type('wizard-ListenerPort', '8081');
    await click(/^4\. Health check$/);
    await type('wizard-HealthCheckInterval', '99');
    await click(/^6\. Review$/);
    await click('Create listener');
    await settle();

    const field = document.getElementById('wizard-HealthCheckInterval')!;
    expect(document.activeElement).toBe(field);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    const error = document.getElementById('wizard-HealthCheckInterval-error')!;
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toContain('InvalidParameter');
    expect(error.textContent).toContain('The specified parameter "HealthCheckInterval" is not valid');
    expect(field.getAttribute('aria-describedby')).toContain('wizard-HealthCheckInterval-error');
    expect(ports()).toEqual([443]);
  });

  it('rolls the created listener back when a later request fails, and says so', async () => {
    // The real API for every request but the traffic one, which fails as a busy endpoint would.
    const sent: string[] = [];
    const call: Caller = async (action, params): Promise<SlbResult> => {
      sent.push(action);
      if (action === 'SimSetClientPopulation')
        return {
          ok: false,
          status: 503,
          code: 'ServiceUnavailable',
          message: 'The request has failed due to a temporary failure of the server.',
          requestId: 'R-9',
          kind: 'server',
          parameter: undefined,
        };
      return realCall(action, params);
    };
    const { created } = await render(call);
    await type('wizard-ListenerPort', '8082');
    await click(/^6\. Review$/);
    await click('Create listener');
    await settle();

    expect(sent).toEqual(['CreateLoadBalancerTCPListener', 'SimSetClientPopulation', 'DeleteLoadBalancerListener']);
    expect(ports()).toEqual([443]);
    expect(created).toEqual([]);
    expect(h.container.querySelector('[data-testid="wizard-rollback"]')?.textContent).toBe(
      'SimSetClientPopulation failed after 1 request(s) had succeeded. Rolled back what had been done: DeleteLoadBalancerListener done.',
    );
    expect(h.container.querySelector('[data-code="ServiceUnavailable"]')?.getAttribute('role')).toBe('alert');
  });

  it('offers the region’s server certificates for an HTTPS listener', async () => {
    h.load('https-keyserver');
    await render(realCall);
    const protocol = document.getElementById('wizard-ListenerProtocol') as HTMLSelectElement;
    await act(async () => {
      protocol.value = 'https';
      protocol.dispatchEvent(new Event('change', { bubbles: true }));
    });
    for (let i = 0; i < 100 && !(document.getElementById('wizard-ServerCertificateId') instanceof HTMLSelectElement); i++) {
      await act(async () => {
        await new Promise((resolve) => setTimeout(resolve, 10));
      });
    }
    const select = document.getElementById('wizard-ServerCertificateId') as HTMLSelectElement;
    expect(select.tagName).toBe('SELECT');
    const ids = Array.from(select.options)
      .map((o) => o.value)
      .filter((v) => v !== '');
    expect(ids).toEqual(h.state.scenario.serverCertificates.map((c) => c.ServerCertificateId));
    expect(ids.length).toBeGreaterThan(0);
  });

  it('maps a conflict with what exists (ListenerAlreadyExists) to the listener port field', async () => {
    await render(realCall);
    await type('wizard-ListenerPort', '443');
    await click(/^6\. Review$/);
    await click('Create listener');
    await settle();
    const field = document.getElementById('wizard-ListenerPort')!;
    expect(document.activeElement).toBe(field);
    expect(document.getElementById('wizard-ListenerPort-error')?.textContent).toMatch(/ListenerAlreadyExists|InvalidParameter/);
    expect(ports()).toEqual([443]);
  });
});
