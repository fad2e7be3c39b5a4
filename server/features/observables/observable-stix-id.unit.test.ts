import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../lib/canonical-json.js';
import { deterministicStixId, observableStixId, STIX_SCO_NAMESPACE } from './observable-stix-id.js';

interface Vector {
  type: string;
  id_contributing_properties: Record<string, unknown>;
  canonical_json?: string;
  expected_id: string;
}

const vectorsFile = new URL('../../../test/fixtures/stix/sco-deterministic-id-vectors.json', import.meta.url);
const vectors = JSON.parse(readFileSync(vectorsFile, 'utf8')) as {
  namespace: string;
  reference_vectors: Vector[];
  generated_vectors: Vector[];
};
const all = [...vectors.reference_vectors, ...vectors.generated_vectors];

describe('deterministic STIX ids of cyber-observables', () => {
  it('use the namespace of STIX 2.1', () => {
    expect(STIX_SCO_NAMESPACE).toBe(vectors.namespace);
  });

  it('checks every vector of the file', () => {
    expect(all).toHaveLength(19);
  });

  it.each(all.map((v) => [v.expected_id, v] as const))('gives %s', (expected, vector) => {
    if (vector.canonical_json)
      expect(canonicalJson(vector.id_contributing_properties)).toBe(vector.canonical_json);
    expect(deterministicStixId(vector.type, vector.id_contributing_properties)).toBe(expected);
  });

  it('gives our observables the ids of the same objects in the vectors', () => {
    expect(observableStixId('url', 'https://example.com/research/index.html')).toBe(
      'url--47c3cf9a-5027-5bf0-997a-017c7edc7c55',
    );
    expect(observableStixId('domain', 'example.com')).toBe(
      'domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7',
    );
    expect(observableStixId('ipv4', '203.0.113.0/24')).toBe(
      'ipv4-addr--a0895f10-d89d-56ad-a4a4-dc873ee08b8c',
    );
    expect(observableStixId('ipv6', '2001:db8::1')).toBe('ipv6-addr--6469e3a9-b053-5e34-a025-9396ae051d26');
    expect(observableStixId('email', 'john@example.com')).toBe(
      'email-addr--7165e2a9-671f-585d-b1e1-ca59c671d934',
    );
    expect(observableStixId('social_account', 'twitter:thegrugq_ebooks')).toBe(
      'user-account--f223e803-846b-591a-aefa-545e938f8a56',
    );
    expect(
      observableStixId('sha256', 'ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c'),
    ).toBe('file--00967b13-6ef8-53e0-ac11-fcfb64b3c756');
  });
});
