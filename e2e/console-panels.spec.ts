import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { AppPage } from './app.page';

/**
 * The console's resource tabs (VServer groups, forwarding rules, certificates) against the
 * in-page SLB API: every change goes over fetch to the MSW Service Worker, and every outcome is
 * checked by asking the API again, not just by what the panel shows.
 */

const LB = 'lb-bp1l7rules00001';
const fixture = (name: string): string => readFileSync(new URL(`../src/api/fixtures/${name}`, import.meta.url), 'utf8');

/** One SLB API call from the page, as an external client sends it. */
async function api(page: Page, action: string, params: Record<string, string> = {}): Promise<Record<string, unknown>> {
  return page.evaluate(
    async ([a, p]) => {
      const response = await fetch(`/api/slb/?Action=${a}&Version=2014-05-15&Format=JSON`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(p).toString(),
      });
      return (await response.json()) as Record<string, unknown>;
    },
    [action, params] as const,
  );
}

async function groupsByName(page: Page): Promise<Map<string, string>> {
  const body = (await api(page, 'DescribeVServerGroups', { LoadBalancerId: LB })) as {
    VServerGroups: { VServerGroup: { VServerGroupId: string; VServerGroupName: string }[] };
  };
  return new Map(body.VServerGroups.VServerGroup.map((g) => [g.VServerGroupName, g.VServerGroupId]));
}

async function apiRules(page: Page): Promise<{ RuleName: string; Url?: string; VServerGroupId: string }[]> {
  const body = (await api(page, 'DescribeRules', { LoadBalancerId: LB, ListenerPort: '80' })) as {
    Rules: { Rule: { RuleName: string; Url?: string; VServerGroupId: string }[] };
  };
  return body.Rules.Rule;
}

async function serverCertificateNames(page: Page): Promise<string[]> {
  const body = (await api(page, 'DescribeServerCertificates')) as {
    ServerCertificates: { ServerCertificate: { ServerCertificateName: string }[] };
  };
  return body.ServerCertificates.ServerCertificate.map((c) => c.ServerCertificateName);
}

/** The entries of the ACL named `name` as `entry comment`, or undefined when there is none. */
async function aclEntriesByName(page: Page, name: string): Promise<string[] | undefined> {
  const list = (await api(page, 'DescribeAccessControlLists', { AclName: name, PageSize: '50' })) as {
    Acls: { Acl: { AclId: string; AclName: string }[] };
  };
  const acl = list.Acls.Acl.find((a) => a.AclName === name);
  if (!acl) return undefined;
  const body = (await api(page, 'DescribeAccessControlListAttribute', { AclId: acl.AclId, PageSize: '50' })) as {
    AclEntrys: { AclEntry: { AclEntryIP: string; AclEntryComment?: string }[] };
  };
  return body.AclEntrys.AclEntry.map((e) => `${e.AclEntryIP} ${e.AclEntryComment ?? ''}`.trim());
}

/** Deletes a rule of HTTP:80 by name straight through the API (another client's change). */
async function apiDeleteRule(page: Page, name: string): Promise<void> {
  const body = (await api(page, 'DescribeRules', { LoadBalancerId: LB, ListenerPort: '80' })) as {
    Rules: { Rule: { RuleId: string; RuleName: string }[] };
  };
  const id = body.Rules.Rule.find((r) => r.RuleName === name)?.RuleId;
  expect(id).toBeDefined();
  const answer = await api(page, 'DeleteRules', { RuleIds: JSON.stringify([id]) });
  expect(answer['Code']).toBeUndefined();
}

async function openConsole(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Console', exact: true }).click();
  const drawer = page.getByRole('dialog', { name: 'SLB console' });
  await expect(drawer.getByTestId('instance-overview')).toBeVisible();
  return drawer;
}

test('the console creates a VServer group and a rule to it, shows the API error next to the field, uploads a certificate, and undoes deletes', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.open('?example=l7-rules&paused');
  let drawer = await openConsole(page);
  const notice = drawer.getByTestId('console-notice');

  // VServer groups: the example's three, then a new one with one server.
  await drawer.getByRole('tab', { name: 'VServer groups' }).click();
  await expect(drawer.getByTestId('vserver-group')).toHaveCount(3);
  const create = drawer.getByRole('form', { name: 'Create a VServer group' });
  await create.getByLabel('Group name').fill('images');
  const first = create.getByRole('group', { name: 'Server 1' });
  await first.getByLabel('ECS instance ID').fill('i-static1');
  await first.getByLabel('Port').fill('8081');
  await first.getByLabel('Weight').fill('50');
  await create.getByRole('button', { name: 'Create group' }).click();
  await expect(notice).toContainText(/Created VServer group rsp-\S+ \(images\) with 1 server/);
  const groupId = (await groupsByName(page)).get('images');
  expect(groupId).toBeDefined();
  const card = drawer.locator(`[data-testid="vserver-group"][data-id="${groupId}"]`);
  await expect(card.getByTestId('vsg-server')).toHaveCount(1);
  await expect(card.getByTestId('vsg-server')).toHaveAttribute('data-port', '8081');
  await expect(card.getByTestId('vsg-server')).toHaveAttribute('data-weight', '50');

  // Forwarding rules: Url "/" is refused by the API, and the error sits under the Url field.
  await drawer.getByRole('tab', { name: 'Forwarding rules' }).click();
  const listener = drawer.locator('[data-testid="rule-listener"][data-id="80"]');
  await expect(listener.getByTestId('rule-row')).toHaveCount(2);
  const add = listener.getByRole('form', { name: 'Add a forwarding rule to HTTP:80' });
  await add.getByLabel('Rule name').fill('images');
  await add.getByLabel('URL path').fill('/');
  await add.getByLabel('VServer group').selectOption(groupId!);
  await add.getByRole('button', { name: 'Add rule' }).click();
  const urlField = add.locator('[data-field="rule-new-80-Url"]');
  await expect(urlField.getByTestId('api-error')).toHaveAttribute('data-code', 'UrlMalformed');
  await expect(add.getByLabel('URL path')).toHaveAttribute('aria-invalid', 'true');
  await expect(add.locator('[data-field="rule-new-80-RuleName"]').getByTestId('api-error')).toHaveCount(0);
  expect((await apiRules(page)).map((r) => r.RuleName)).toEqual(['api', 'static']);

  await add.getByLabel('URL path').fill('/images');
  // The form previews the request as sent, and as a copyable aliyun command.
  await add.getByTestId('request-details').locator('summary').click();
  await expect(add.getByTestId('cli-command')).toHaveText(
    `aliyun slb CreateRules --LoadBalancerId ${LB} --ListenerPort 80 --ListenerProtocol http --RuleList '[{"RuleName":"images","Url":"/images","VServerGroupId":"${groupId}"}]'`,
  );
  await add.getByRole('button', { name: 'Add rule' }).click();
  await expect(notice).toContainText('Created rule images on HTTP:80');
  expect(await apiRules(page)).toContainEqual(expect.objectContaining({ RuleName: 'images', Url: '/images', VServerGroupId: groupId }));

  // Read again from the API: close and reopen the console.
  await drawer.getByRole('button', { name: 'Close the console' }).click();
  drawer = await openConsole(page);
  await drawer.getByRole('tab', { name: 'Forwarding rules' }).click();
  await expect(listener.locator('[data-testid="rule-row"][data-name="images"]')).toHaveAttribute('data-group', groupId!);

  // Delete the "static" rule (confirm first), then Undo brings it back with the same fields.
  await listener.getByRole('button', { name: 'Delete rule static' }).click();
  await listener.getByRole('button', { name: 'Confirm: delete rule static' }).click();
  await expect(listener.locator('[data-testid="rule-row"][data-name="static"]')).toHaveCount(0);
  expect((await apiRules(page)).map((r) => r.RuleName)).not.toContain('static');
  await notice.getByRole('button', { name: 'Undo delete rule static' }).click();
  await expect(notice).toContainText('Restored rule static.');
  await expect(listener.locator('[data-testid="rule-row"][data-name="static"]')).toHaveAttribute('data-url', '/static');
  expect(await apiRules(page)).toContainEqual(
    expect.objectContaining({ RuleName: 'static', Url: '/static', VServerGroupId: 'rsp-static' }),
  );

  // Certificates: a key of another certificate is refused next to the key field; the right one is taken.
  await drawer.getByRole('tab', { name: 'Certificates' }).click();
  const upload = drawer.getByRole('form', { name: 'Upload a server certificate' });
  await upload.getByLabel('Certificate name').fill('shop-cert');
  await upload.getByLabel('Certificate (PEM)').fill(fixture('rsa2048.cert.pem'));
  await upload.getByLabel('Private key (PEM)').fill(fixture('other-rsa2048.test-key.pem'));
  await upload.getByRole('button', { name: 'Upload' }).click();
  await expect(upload.locator('[data-field="cert-server-PrivateKey"]').getByTestId('api-error')).toHaveAttribute(
    'data-code',
    'CertificateNotMatchPrivateKey',
  );
  expect(await serverCertificateNames(page)).not.toContain('shop-cert');
  await upload.getByLabel('Private key (PEM)').fill(fixture('rsa2048.test-key.pem'));
  await upload.getByRole('button', { name: 'Upload' }).click();
  await expect(notice).toContainText('Uploaded server certificate');
  const row = drawer.locator('[data-testid="certificate-row"][data-name="shop-cert"]');
  await expect(row).toHaveCount(1);
  expect(await serverCertificateNames(page)).toContain('shop-cert');

  // Delete it, then Undo re-uploads the PEM the page sent.
  await row.getByRole('button', { name: 'Delete server certificate shop-cert' }).click();
  await row.getByRole('button', { name: 'Confirm: delete server certificate shop-cert' }).click();
  await expect(row).toHaveCount(0);
  expect(await serverCertificateNames(page)).not.toContain('shop-cert');
  await notice.getByRole('button', { name: 'Undo delete shop-cert' }).click();
  await expect(notice).toContainText('Restored shop-cert.');
  await expect(row).toHaveCount(1);
  expect(await serverCertificateNames(page)).toContain('shop-cert');

  // ACLs: create one, add an entry (a bad one is refused next to its field), delete the ACL, undo.
  await drawer.getByRole('tab', { name: 'ACLs' }).click();
  await drawer.getByRole('form', { name: 'Create an access control list' }).getByLabel('ACL name').fill('office');
  await drawer.getByRole('button', { name: 'Create ACL' }).click();
  await expect(notice).toContainText(/Created ACL office \(acl-/);
  const acl = drawer.getByRole('region', { name: 'ACL office' });
  const addEntry = acl.getByRole('form', { name: 'Add an entry to office' });
  await addEntry.getByLabel('IP address or CIDR block').fill('10.0.0.300/8');
  await addEntry.getByRole('button', { name: 'Add entry' }).click();
  await expect(addEntry.locator('[data-field$="-entry"]').getByTestId('api-error')).toHaveAttribute('data-code', 'AclEntryIllegal');
  await addEntry.getByLabel('IP address or CIDR block').fill('10.0.0.0/8');
  await addEntry.getByLabel('Comment').fill('lan');
  await addEntry.getByRole('button', { name: 'Add entry' }).click();
  await expect(acl.getByTestId('acl-entry')).toHaveCount(1);
  expect(await aclEntriesByName(page, 'office')).toEqual(['10.0.0.0/8 lan']);
  await acl.getByRole('button', { name: 'Delete ACL office' }).click();
  await acl.getByRole('button', { name: 'Confirm: delete ACL office' }).click();
  await expect(acl).toHaveCount(0);
  expect(await aclEntriesByName(page, 'office')).toBeUndefined();
  await notice.getByRole('button', { name: 'Undo delete ACL office' }).click();
  await expect(notice).toContainText('Restored ACL office.');
  await expect(acl.getByTestId('acl-entry')).toHaveAttribute('data-entry', '10.0.0.0/8');
  expect(await aclEntriesByName(page, 'office')).toEqual(['10.0.0.0/8 lan']);

  // The new VServer group: delete it now that no rule points at it, then undo.
  await apiDeleteRule(page, 'images');
  await drawer.getByRole('tab', { name: 'VServer groups' }).click();
  await drawer.getByRole('button', { name: 'Refresh' }).click();
  await expect(card.getByText(/Used by/)).toHaveCount(0);
  await card.getByRole('button', { name: `Delete ${groupId}` }).click();
  await card.getByRole('button', { name: `Confirm: delete ${groupId}` }).click();
  await expect(card).toHaveCount(0);
  expect((await groupsByName(page)).has('images')).toBe(false);
  await notice.getByRole('button', { name: `Undo delete ${groupId}` }).click();
  await expect(notice).toContainText(`Restored ${groupId}.`);
  expect((await groupsByName(page)).has('images')).toBe(true);
  await expect(
    drawer
      .locator('[data-testid="vserver-group"]')
      .filter({ has: page.locator('input[value="images"]') })
      .getByTestId('vsg-server'),
  ).toHaveAttribute('data-weight', '50');

  // The browser logs each refused request (HTTP 400): exactly the three refusals asked for above.
  expect(app.consoleProblems.filter((line) => !/status of 400/.test(line))).toEqual([]);
  expect(app.consoleProblems.filter((line) => /status of 400/.test(line))).toHaveLength(3);
});
