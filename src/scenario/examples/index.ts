import type { ScenarioInput } from '../schema';
import { defaultScenario } from './default';
import { egressBillingScenario } from './egress-billing';
import { l4AclScenario } from './l4-acl';
import { l4BasicScenario } from './l4-basic';
import { l4FailoverScenario } from './l4-failover';
import { l4FrankfurtScenario } from './l4-frankfurt';
import { uiBenchScenario } from './ui-bench';
import { l7RulesScenario } from './l7-rules';
import { httpsKeyServerScenario } from './https-keyserver';
import { backendFailureHealthcheckScenario, hotUpgradeScenario, keyserverOutageScenario, lvsCrashSyncPartitionedScenario, zoneOutageScenario } from './failover-experiments';

/** Built-in scenarios, runnable by name from the CLI and openable in the app. */
export const examples: Readonly<Record<string, ScenarioInput>> = {
  default: defaultScenario,
  'l4-basic': l4BasicScenario,
  'l4-failover': l4FailoverScenario,
  'l4-frankfurt': l4FrankfurtScenario,
  'l4-acl': l4AclScenario,
  'egress-billing': egressBillingScenario,
  'ui-bench': uiBenchScenario,
  'l7-rules': l7RulesScenario,
  'https-keyserver': httpsKeyServerScenario,
  // Failover experiments (issue 12): each description says what to look for in the report's faults.
  'hot-upgrade': hotUpgradeScenario,
  'lvs-crash-sync-partitioned': lvsCrashSyncPartitionedScenario,
  'keyserver-outage': keyserverOutageScenario,
  'backend-failure-healthcheck': backendFailureHealthcheckScenario,
  'zone-outage': zoneOutageScenario,
};

export function exampleNames(): string[] {
  return Object.keys(examples);
}
