import { describe, expect, it } from 'vitest';
import { issueLines, issueValue } from './issue-value';
import { parseScenario, validateScenario } from './validate';

/** Every issue of an invalid document as the lines messages show. */
function lines(input: unknown): string[] {
  const result = validateScenario(input);
  if (result.ok) throw new Error('expected an invalid scenario');
  return issueLines(input, result.issues);
}

describe('validation errors name the path, the rule and the value', () => {
  it('each issue line ends with the offending value, or says it is missing', () => {
    const input = { name: 'x'.repeat(100), description: 5, ecsInstances: [{ ServerId: 'I-A' }] };
    const shown = lines(input);
    expect(shown).toContain('description: Invalid input: expected string, received number (5)');
    expect(shown).toContain(`name: Too big: expected string to have <=80 characters ("${'x'.repeat(56)}...)`);
    expect(shown).toEqual(expect.arrayContaining([expect.stringMatching(/^ecsInstances\.0\.ServerId: must look like i-xxxx .* \("I-A"\)$/), expect.stringMatching(/^ecsInstances\.0\.PrivateIp: .* \(missing\)$/)]));
  });

  it('finds the value of an older file where the current format reports it (after migration)', () => {
    const v4 = { version: 4, listeners: [{ ListenerPort: 80, Scheduler: 'fastest' }] };
    expect(lines(v4)).toEqual([expect.stringMatching(/^loadBalancers\.0\.listeners\.0\.Scheduler: Invalid option: .* \("fastest"\)$/)]);
    expect(v4.listeners[0]!.Scheduler).toBe('fastest'); // the caller's document is not changed
  });

  it('an issue about the whole document has no value; a private key is never quoted', () => {
    expect(issueValue(3, '(scenario)')).toBeUndefined();
    expect(lines(3)).toEqual([expect.not.stringMatching(/\(3\)$/)]);
    const key = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';
    const shown = lines({ name: key }).join('\n');
    expect(shown).toMatch(/^name: .* \(a secret, not shown\)$/);
    expect(shown).not.toContain('MIIE');
  });

  it('parseScenario lists every issue the same way', () => {
    expect(() => parseScenario({ seed: -1, loadBalancers: [{ listeners: [{ ListenerPort: 80, Scheduler: 'fastest' }] }] })).toThrow(/^invalid scenario:\n {2}seed: .* \(-1\)\n {2}loadBalancers\.0\.listeners\.0\.Scheduler: .* \("fastest"\)$/);
  });
});
