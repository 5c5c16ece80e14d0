// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { loadInstance } from './instance';
import type { Caller } from './requests';
import { callSlb } from './slb-client';
import { apiHarness, TEST_API } from './test-harness';
import { TrafficPanel } from './TrafficPanel';
import type { Notice } from './ui';

/**
 * The traffic panel against the real action library: per listener, the clients' rate, arrivals,
 * sizes, keep-alive (exchanges and think time), client count and, on HTTP listeners, the request
 * mix; each change previewed as the request it sends, and refused values shown at their field.
 */

const LB = 'lb-bp1l7rules00001';
const h = apiHarness('l7-rules');
const call: Caller = (action, params) => callSlb(action, params, { apiPath: TEST_API });

async function show(notices: Notice[] = []): Promise<void> {
  const loaded = await loadInstance(LB, call);
  if (!loaded.ok) throw new Error(loaded.error.message);
  await act(async () => {
    h.root.render(<TrafficPanel loadBalancerId={LB} view={loaded.view} call={call} changed={() => undefined} notify={(n) => notices.push(n)} revision={0} />);
  });
  await until(() => h.container.querySelector('[data-testid="population-form"]') !== null);
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 1500 && !check(); i++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
    });
  }
  expect(check()).toBe(true);
}

function type(element: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  const proto = element instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  return act(async () => {
    Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(element, value);
    element.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

const formOf = (port: number): HTMLFormElement => h.container.querySelector(`[data-testid="traffic-listener"][data-port="${port}"] [data-testid="population-form"]`)!;
const fieldOf = (form: HTMLFormElement, label: string): HTMLInputElement | HTMLTextAreaElement => {
  const labelElement = Array.from(form.querySelectorAll('label')).find((l) => l.textContent === label);
  expect(labelElement, label).toBeDefined();
  return document.getElementById(labelElement!.htmlFor) as HTMLInputElement | HTMLTextAreaElement;
};
const submit = (form: HTMLFormElement): Promise<void> => act(async () => void form.requestSubmit());

describe('TrafficPanel against the SLB API', () => {
  it('sets keep-alive think time, previewing the exact request first; the running mix is shown but fixed', async () => {
    const population = h.state.scenario.clients.find((c) => c.ListenerPort === 80)!;
    const notices: Notice[] = [];
    await show(notices);
    const form = formOf(80);
    for (const label of ['New connections per second', 'Arrivals', 'Request bytes', 'Response bytes', 'Exchanges per connection', 'Client addresses', 'Think time between exchanges (ms)', 'Request mix (Http, JSON)']) {
      expect(fieldOf(form, label), label).toBeTruthy();
    }
    // The described request mix is in the field, read-only: the run keeps it (the API refuses a change).
    const mix = fieldOf(form, 'Request mix (Http, JSON)');
    expect(JSON.parse(mix.value)).toMatchObject({ mix: population.http!.mix });
    expect(mix.readOnly).toBe(true);
    expect(document.getElementById(`${mix.id}-hint`)!.textContent).toContain('new Population ID');

    await type(fieldOf(form, 'Think time between exchanges (ms)'), '250');
    const command = form.querySelector('[data-testid="cli-command"]')!.textContent!;
    expect(command).toMatch(/^aliyun slb SimSetClientPopulation --LoadBalancerId lb-bp1l7rules00001 --PopulationId browsers --ListenerPort 80 /);
    expect(command).toContain('--ThinkTimeMs 250 ');
    expect(form.querySelector('[data-testid="request-text"]')!.textContent).toContain('ThinkTimeMs=250');

    await submit(form);
    await until(() => notices.length > 0);
    const saved = h.state.scenario.clients.find((c) => c.id === population.id)!;
    expect(saved.thinkTimeMs).toBe(250);
    // What the panel did not touch stays as it was, the request mix included.
    expect(saved.http).toEqual(population.http);
    expect(saved.arrival).toEqual(population.arrival);
    expect(saved.exchanges).toBe(population.exchanges);
  });

  it("new clients take an ID and a request mix; a refused mix shows the API's error next to that field, focused, and changes nothing", async () => {
    expect((await h.call('SimDeleteClientPopulation', { LoadBalancerId: LB, PopulationId: 'browsers' })).ok).toBe(true);
    const notices: Notice[] = [];
    await show(notices);
    const form = formOf(80);
    const field = fieldOf(form, 'Request mix (Http, JSON)');
    expect(field.readOnly).toBe(false);
    await type(fieldOf(form, 'Population ID (optional)'), 'uploads');
    await type(fieldOf(form, 'New connections per second'), '20');
    await type(field, '{"mix":[]}');
    const before = h.state.scenario;
    await submit(form);
    await until(() => document.getElementById(`${field.id}-error`) !== null);
    const error = document.getElementById(`${field.id}-error`)!;
    expect(error.textContent).toContain('InvalidParameter');
    expect(error.textContent).toContain('"Http"');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(field);
    expect(h.state.scenario).toBe(before);

    await type(field, JSON.stringify({ mix: [{ weight: 3, path: '/api/*' }, { weight: 1, method: 'POST', path: '/upload' }] }));
    expect(form.querySelector('[data-testid="cli-command"]')!.textContent).toMatch(/^aliyun slb SimSetClientPopulation --LoadBalancerId lb-bp1l7rules00001 --ListenerPort 80 --PopulationId uploads /);
    await submit(form);
    await until(() => notices.length > 0);
    const saved = h.state.scenario.clients.find((c) => c.id === 'uploads')!;
    expect(saved.ListenerPort).toBe(80);
    expect(saved.http!.mix.map((k) => [k.weight, k.method, k.path])).toEqual([
      [3, 'GET', '/api/*'],
      [1, 'POST', '/upload'],
    ]);
  });

  it('a TCP listener has no request mix: its clients speak no HTTP', async () => {
    h.load('l4-frankfurt');
    const loaded = await loadInstance('lb-gw8frankfurt0001', call);
    if (!loaded.ok) throw new Error(loaded.error.message);
    await act(async () => {
      h.root.render(<TrafficPanel loadBalancerId="lb-gw8frankfurt0001" view={loaded.view} call={call} changed={() => undefined} notify={() => undefined} revision={0} />);
    });
    await until(() => h.container.querySelector('[data-testid="population-form"]') !== null);
    const labels = Array.from(h.container.querySelectorAll('[data-testid="population-form"] label')).map((l) => l.textContent);
    expect(labels).toContain('Think time between exchanges (ms)');
    expect(labels).not.toContain('Request mix (Http, JSON)');
  });
});
