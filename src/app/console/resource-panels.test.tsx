// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { useSimStore } from '../store';
import { recreateAcl } from './AclsPanel';
import { CertificatesPanel } from './CertificatesPanel';
import { loadInstance } from './instance';
import { InstancesPanel } from './InstancesPanel';
import type { PanelProps } from './panel-kit';
import type { Caller } from './requests';
import { RulesPanel } from './RulesPanel';
import { apiHarness } from './test-harness';
import type { Notice } from './ui';
import { loadGroups } from './VServerGroupsPanel';

/** The resource panels against the real action library, served by MSW as in the browser. */

// A path, not `new URL(…, import.meta.url)`: under jsdom Vite would turn that into an asset import.
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../api/fixtures');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

const h = apiHarness('l7-rules');
const sent: string[] = [];
const call: Caller = (action, params) => {
  sent.push(action);
  return h.call(action, params);
};
const load = (example: string): void => {
  h.load(example);
  sent.length = 0;
};

async function props(lb: string, notices: Notice[]): Promise<PanelProps> {
  const loaded = await loadInstance(lb, call);
  if (!loaded.ok) throw new Error(loaded.error.message);
  return { loadBalancerId: lb, view: loaded.view, call, changed: () => undefined, notify: (n) => notices.push(n), revision: 0 };
}

/** Lets the panel's requests (fetch through MSW) land until `done` holds; generous for a loaded machine. */
async function until(done: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !done(); waited += 20) {
    if (waited > 15_000) throw new Error(`still waiting for ${what}`);
    await act(() => new Promise<void>((resolve) => setTimeout(resolve, 20)));
  }
}
const settle = (): Promise<void> => act(() => new Promise<void>((resolve) => setTimeout(resolve, 50)));

function setValue(element: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  const proto = element instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(element, value);
  element.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('VServer groups', () => {
  it('reads every group with its servers and what uses it', async () => {
    load('l7-rules');
    const read = await loadGroups('lb-bp1l7rules00001', call);
    expect(read.ok && read.value.map((g) => [g.id, g.servers.length, g.usedBy])).toEqual([
      ['rsp-api', 3, ['rule-api']],
      ['rsp-static', 2, ['rule-static']],
      ['rsp-web', 1, ['HTTP:80']],
    ]);
  });
});

describe('forwarding rules', () => {
  it('says plainly when there is no HTTP or HTTPS listener, and asks nothing', async () => {
    load('l4-frankfurt');
    const p = await props('lb-gw8frankfurt0001', []);
    sent.length = 0;
    await act(async () => h.root.render(<RulesPanel {...p} />));
    expect(h.container.textContent).toContain('this instance has none');
    await settle();
    expect(sent.filter((a) => a === 'DescribeRules')).toEqual([]);
  });

  it('puts the API error for a bad Domain next to the Domain field', async () => {
    load('l7-rules');
    const p = await props('lb-bp1l7rules00001', []);
    await act(async () => h.root.render(<RulesPanel {...p} />));
    const selector = 'form[aria-label="Add a forwarding rule to HTTP:80"]';
    await until(() => h.container.querySelector(selector) !== null, 'the rule form');
    const form = h.container.querySelector(selector)!;
    await act(async () => {
      setValue(form.querySelector('#rule-new-80-RuleName')!, 'bad');
      setValue(form.querySelector('#rule-new-80-Domain')!, 'not a domain');
    });
    await act(async () => form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click());
    await until(() => form.querySelector('[data-testid="api-error"]') !== null, 'the API error');
    const error = form.querySelector('[data-field="rule-new-80-Domain"] [data-testid="api-error"]');
    expect(error?.getAttribute('data-code')).toBe('DomainMalformed');
    expect(form.querySelector('#rule-new-80-Domain')!.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement?.id).toBe('rule-new-80-Domain');
  });
});

describe('certificates', () => {
  it('shows CertificateNotMatchPrivateKey next to the key field', async () => {
    load('l7-rules');
    const p = await props('lb-bp1l7rules00001', []);
    await act(async () => h.root.render(<CertificatesPanel {...p} />));
    await until(
      () =>
        h.container.querySelector('[data-testid="certificate-row"]') !== null ||
        h.container.textContent!.includes('The region has no certificates'),
      'the certificate list',
    );
    const form = h.container.querySelector('[data-testid="upload-server"]')!;
    await act(async () => {
      setValue(form.querySelector('#cert-server-ServerCertificate')!, fixture('rsa2048.cert.pem'));
      setValue(form.querySelector('#cert-server-PrivateKey')!, fixture('other-rsa2048.test-key.pem'));
    });
    await act(async () => form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click());
    await until(() => form.querySelector('[data-testid="api-error"]') !== null, 'the API error');
    expect(form.querySelector('[data-field="cert-server-PrivateKey"] [data-testid="api-error"]')?.getAttribute('data-code')).toBe(
      'CertificateNotMatchPrivateKey',
    );
    expect(form.querySelector('[data-field="cert-server-ServerCertificate"] [data-testid="api-error"]')).toBeNull();
  });
});

describe('recreateAcl', () => {
  it('creates the ACL again with its entries', async () => {
    load('l4-acl');
    const entries = [{ entry: '10.0.0.0/8', comment: 'lan' }];
    expect(await recreateAcl({ name: 'again', version: 'ipv4', entries }, call)).toBeUndefined();
    const acl = h.state.scenario.acls.find((a) => a.AclName === 'again');
    expect(acl?.AclEntrys.map((e) => [e.AclEntryIP, e.AclEntryComment])).toEqual([['10.0.0.0/8', 'lan']]);
  });

  it('deletes the new ACL again when its entries are refused, and answers why', async () => {
    load('l4-acl');
    const before = h.state.scenario.acls.length;
    const failed = await recreateAcl({ name: 'broken', version: 'ipv4', entries: [{ entry: 'not-an-ip', comment: '' }] }, call);
    expect(failed?.code).toBe('AclEntryIllegal');
    expect(h.state.scenario.acls).toHaveLength(before);
    expect(sent).toEqual(['CreateAccessControlList', 'AddAccessControlListEntry', 'DeleteAccessControlList']);
  });
});

describe('instances', () => {
  it("lists the region's load balancers, creates one through the API, and shows a refused create next to its field", async () => {
    load('l7-rules');
    const p = await props('lb-bp1l7rules00001', []);
    const region = h.state.scenario.loadBalancers[0]!.RegionId;
    useSimStore.setState({ consoleScope: { regionId: region, loadBalancerId: 'lb-bp1l7rules00001', revision: 0 } });
    await act(async () => h.root.render(<InstancesPanel {...p} regionId={region} />));
    await until(() => h.container.querySelector('[data-testid="instance-row"]') !== null, 'the instance list');
    const rows = Array.from(h.container.querySelectorAll('[data-testid="instance-row"]'));
    expect(rows.map((r) => [r.getAttribute('data-id'), r.getAttribute('data-managed')])).toEqual([['lb-bp1l7rules00001', 'true']]);
    const form = h.container.querySelector('form[aria-label="Create a load balancer"]')!;
    // Out of range: the API's error sits under the Bandwidth field and nothing is created.
    const charge = form.querySelector<HTMLSelectElement>('#lb-new-InternetChargeType')!;
    await act(async () => {
      Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')!.set!.call(charge, 'paybybandwidth');
      charge.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const bandwidth = form.querySelector<HTMLInputElement>('#lb-new-Bandwidth')!;
    await act(async () => setValue(bandwidth, '6000'));
    await act(async () => form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click());
    await until(() => form.querySelector('[data-testid="api-error"]') !== null, 'the API error');
    expect(form.querySelector('[data-testid="api-error"]')!.closest('[data-field]')?.getAttribute('data-field')).toBe('lb-new-Bandwidth');
    expect(h.state.scenario.loadBalancers).toHaveLength(1);
    await act(async () => setValue(bandwidth, '100'));
    await act(async () => form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click());
    await until(() => h.state.scenario.loadBalancers.length === 2, 'the created instance');
    expect(h.state.scenario.loadBalancers[1]!.Bandwidth).toBe(100);
  });
});
