import { describe, expect, it } from 'vitest';
import { examples } from '../scenario/examples';
import { parseScenario } from '../scenario/validate';
import { exportTerraform, TERRAFORM_ARGUMENTS } from './terraform';

describe('terraform export', () => {
  it('uses only the pinned resources and arguments, for every example', () => {
    for (const [name, example] of Object.entries(examples)) {
      const hcl = exportTerraform(parseScenario(example));
      let resource: string | undefined;
      let nested: string | undefined;
      for (const line of hcl.split('\n')) {
        const head = /^resource "(\w+)" "\w+" \{$/.exec(line);
        if (head) {
          resource = head[1];
          expect(Object.keys(TERRAFORM_ARGUMENTS), name).toContain(resource);
          continue;
        }
        const open = /^ {2}(\w+) \{$/.exec(line);
        if (open) nested = open[1];
        else if (/^ {2}\}$/.test(line)) nested = undefined;
        const arg = /^ +(\w+) += /.exec(line);
        if (arg) expect(TERRAFORM_ARGUMENTS[resource!], `${name}: ${line}`).toContain(nested ? `${nested}.${arg[1]}` : arg[1]);
      }
    }
  });

  it('references the load balancer and server groups by resource', () => {
    const hcl = exportTerraform(parseScenario(examples['l7-rules']!));
    expect(hcl).toContain('resource "alicloud_slb_load_balancer" "lb_bp1l7rules00001" {');
    expect(hcl).toMatch(/load_balancer_id = alicloud_slb_load_balancer\.lb_bp1l7rules00001\.id/);
    expect(hcl).toMatch(/server_group_id = alicloud_slb_server_group\.rsp_api\.id/);
    expect(hcl).toContain('internet_charge_type = "PayByTraffic"');
  });
});
