import type { ScenarioInput } from '../schema';
import { attached, fourBackends, oneLoadBalancer } from './shared';

/**
 * An HTTPS listener under load through the Key Server, which goes down from 20 s to 30 s: full
 * handshakes attempted then fail; resumed handshakes and established connections carry on.
 */
export const httpsKeyServerScenario: ScenarioInput = oneLoadBalancer({
  name: 'https-keyserver',
  description:
    'HTTPS listener :443 (RSA certificate, TLS 1.2 policy, HTTP/2) on 2 Tengine nodes and 1 Key Server. The Key Server is down from 20 s to 30 s: only full handshakes attempted then fail.',
  seed: 11,
  loadBalancer: { LoadBalancerId: 'lb-bp1https000001', LoadBalancerName: 'https-keyserver', LoadBalancerSpec: 'slb.s3.medium' },
  cluster: { lvsNodes: 4, tengineNodes: 2, keyServers: 1 },
  serverCertificates: [{ ServerCertificateId: 'cert-www', ServerCertificateName: 'www', CommonName: 'www.example.com', ExpireTime: '2027-06-01T00:00:00Z', EncryptionAlgorithm: 'RSA' }],
  listeners: [
    {
      ListenerProtocol: 'https',
      ListenerPort: 443,
      BackendServerPort: 8080,
      Scheduler: 'wlc',
      ServerCertificateId: 'cert-www',
      TLSCipherPolicy: 'tls_cipher_policy_1_2',
      EnableHttp2: 'on',
    },
  ],
  ...attached(fourBackends()),
  clients: [
    {
      id: 'browsers',
      ListenerPort: 443,
      clientIps: 500,
      arrival: { type: 'poisson', connectionsPerSecond: 400 },
      requestBytes: 500,
      responseBytes: { type: 'exponential', mean: 20_000 },
      exchanges: 8,
      thinkTimeMs: 50,
      http: { mix: [{ host: 'www.example.com', path: '/app/*', contentType: 'text/html' }], http2: true, streams: 4 },
      tls: { maxVersion: '1.3', resumption: 0.6 },
    },
  ],
  faults: [
    { atS: 20, action: 'keyserver-down', target: 'keyserver-1' },
    { atS: 30, action: 'keyserver-up', target: 'keyserver-1' },
  ],
});
