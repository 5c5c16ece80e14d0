import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replayJournal } from '../run/journal-replay';
import { defaultScenario } from '../scenario/examples/default';
import { parseScenario } from '../scenario/validate';
import { journalParams, REDACTED } from './journal-params';
import { handleRpc } from './router';
import { createControlPlane, type CommittedChange } from './state';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const UPLOAD = { Action: 'UploadServerCertificate', RegionId: 'cn-hangzhou', ServerCertificate: fixture('rsa2048.cert.pem'), PrivateKey: fixture('rsa2048.test-key.pem'), ServerCertificateName: 'web' };

describe('what the journal keeps of a request', () => {
  it('drops the transport and signature fields and keeps the action parameters as sent', () => {
    expect(
      journalParams({ Action: 'X', Version: '2014-05-15', Format: 'JSON', AccessKeyId: 'k', Signature: 's', SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0', SignatureNonce: 'n', Timestamp: 't', LoadBalancerId: 'lb-1', ListenerPort: '80', Empty: undefined }),
    ).toEqual({ LoadBalancerId: 'lb-1', ListenerPort: '80' });
  });

  it('never keeps a private key: an upload is journaled with the key redacted, and the redacted journal replays', () => {
    const state = createControlPlane(parseScenario(defaultScenario));
    const changes: CommittedChange[] = [];
    state.onCommit = (change) => changes.push(change);
    expect(handleRpc(state, UPLOAD).status).toBe(200);
    expect(changes).toHaveLength(1);
    expect(changes[0]!.params['PrivateKey']).toBe(REDACTED);
    expect(JSON.stringify(changes[0]!.params)).not.toContain('PRIVATE KEY');
    const [, after] = replayJournal(parseScenario(defaultScenario), [{ atUs: 1, source: 'api', action: changes[0]!.action, params: changes[0]!.params }]);
    expect(after!.serverCertificates.map((c) => c.ServerCertificateName)).toEqual(['web']);
  });

  it('a live request cannot use the redaction marker to skip the key check', () => {
    const state = createControlPlane(parseScenario(defaultScenario));
    const before = state.scenario;
    const response = handleRpc(state, { ...UPLOAD, PrivateKey: REDACTED });
    expect(response.status).toBe(400);
    expect(response.body['Message']).toContain('PrivateKey');
    expect(state.scenario).toBe(before);
  });
});
