// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { loadInstance } from './instance';
import { ListenersPanel } from './ListenersPanel';
import type { Caller } from './requests';
import { callSlb } from './slb-client';
import { apiHarness, TEST_API } from './test-harness';
import type { Notice } from './ui';

/** The listener list against the real action library: delete asks first, and Undo puts the listener back as it was. */

const LB = 'lb-gw8frankfurt0001';

const h = apiHarness('l4-frankfurt');

const call: Caller = (action, params) => callSlb(action, params, { apiPath: TEST_API });

async function show(notices: Notice[]): Promise<void> {
  const loaded = await loadInstance(LB, call);
  if (!loaded.ok) throw new Error(loaded.error.message);
  await act(async () => {
    h.root.render(
      <ListenersPanel loadBalancerId={LB} view={loaded.view} call={call} changed={() => undefined} notify={(n) => notices.push(n)} />,
    );
  });
}

async function press(label: string): Promise<void> {
  const button = Array.from(h.container.querySelectorAll('button')).find((b) => (b.getAttribute('aria-label') ?? b.textContent) === label);
  expect(button, label).toBeDefined();
  await act(async () => {
    button!.click();
  });
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
    });
  }
  expect(check()).toBe(true);
}

describe('ListenersPanel against the SLB API', () => {
  it('deletes only after confirmation, and Undo re-creates the listener with the same settings, running', async () => {
    const before = structuredClone(h.state.scenario.listeners[0]!);
    const notices: Notice[] = [];
    await show(notices);
    expect(h.container.querySelector('[data-testid="listener-row"]')?.getAttribute('data-status')).toBe('running');

    await press('Delete TCP :443');
    expect(h.state.scenario.listeners).toHaveLength(1);
    expect(document.activeElement?.textContent).toBe('Cancel');
    await press('Confirm: delete TCP :443');
    await until(() => notices.length > 0);
    expect(h.state.scenario.listeners).toHaveLength(0);
    expect(notices[0]!.text).toMatch(/^Deleted TCP :443\./);

    await act(async () => {
      await notices[0]!.undo!.run();
    });
    expect(notices.at(-1)!.text).toBe('Restored TCP :443 and started it.');
    expect(h.state.scenario.listeners).toHaveLength(1);
    // Describe answers the engine's health-check defaults where the scenario left them out; re-created, they are explicit, with the same values.
    expect(h.state.scenario.listeners[0]).toEqual({
      ...before,
      HealthCheckInterval: before.HealthCheckInterval ?? 2,
      HealthCheckConnectTimeout: before.HealthCheckConnectTimeout ?? 5,
    });
  });

  it('shows a refused change next to the field it names, and changes nothing', async () => {
    await show([]);
    await press('Edit TCP :443');
    const input = document.getElementById('edit-443-HealthCheckInterval') as HTMLInputElement;
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    await act(async () => {
      setter.call(input, '0');
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await press('Save TCP :443');
    await until(() => document.getElementById('edit-443-HealthCheckInterval-error') !== null);
    expect(document.getElementById('edit-443-HealthCheckInterval-error')!.textContent).toContain('"HealthCheckInterval"');
    expect(document.activeElement).toBe(input);
    expect(h.state.scenario.listeners[0]!.HealthCheckInterval ?? 2).toBe(2);
  });

  it('previews the Set request with only the changed attributes, as HTTP and as an aliyun command', async () => {
    await show([]);
    await press('Edit TCP :443');
    const form = h.container.querySelector('[data-testid="edit-listener"]')!;
    expect(form.querySelector('[data-testid="request-details"]')).toBeNull(); // nothing changed, nothing to send
    const input = document.getElementById('edit-443-HealthCheckInterval') as HTMLInputElement;
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    await act(async () => {
      setter.call(input, '5');
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(form.querySelector('[data-testid="cli-command"]')!.textContent).toBe(
      `aliyun slb SetLoadBalancerTCPListenerAttribute --LoadBalancerId ${LB} --ListenerPort 443 --HealthCheckInterval 5`,
    );
    expect(form.querySelector('[data-testid="request-text"]')!.textContent).toContain('HealthCheckInterval=5');
    await press('Save TCP :443');
    await until(() => h.state.scenario.listeners[0]!.HealthCheckInterval === 5);
  });
});
