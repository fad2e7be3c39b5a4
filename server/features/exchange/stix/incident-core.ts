import type { StixObject } from './stix-types.js';

/**
 * The OASIS Incident Core Extension 2.0 (cti-stix-common-objects,
 * extension-definition-specifications/incident-core: "Incident Core Extension.adoc", draft of
 * 26 March 2023, and its JSON schema). We use only the properties verified there:
 * `extension_type`, `determination` (required, incident-determination-enum), `investigation_status`
 * (required, incident-investigation-ov), `criticality` (0–100) and `detection_methods`
 * (detection-methods-ov). It has no first/last seen: those stay in our own extension.
 */
export const incidentCoreExtensionId = 'extension-definition--ef765651-680c-498d-9894-99799f2fa126';

/**
 * The extension-definition object, verbatim from oasis-open/cti-stix-common-objects
 * objects/extension-definition/extension-definition--ef765651-680c-498d-9894-99799f2fa126.json
 * (version 2.0.0, commit 61730920a8e5725f3cda63bb12618a9509edbdb0; BSD-3-Clause, © OASIS Open).
 */
export const incidentCoreExtensionDefinition: StixObject = {
  id: incidentCoreExtensionId,
  type: 'extension-definition',
  spec_version: '2.1',
  name: 'Incident Core Extension',
  description:
    "A core extension of the Incident object to allow core details of the Incident to be shared while tracking major details tied to the incident's timeline.  Multiple Incidents can be tied together via relationships if a higher degree of fidelity is needed across phases.",
  created: '2020-10-19T20:51:00.000Z',
  modified: '2023-07-11T00:56:00.000Z',
  created_by_ref: 'identity--8ce3f695-d5a4-4dc8-9e93-a65af453a31a',
  schema:
    'https://github.com/oasis-open/cti-stix-common-objects/tree/main/extension-definition-specifications/incident-ef7',
  version: '2.0.0',
  extension_types: ['property-extension'],
};

export type Determination =
  'blocked' | 'successful-attempt' | 'failed-attempt' | 'false-positive' | 'low-value' | 'suspected';

/** incident-investigation-ov: new (not yet worked), open (being worked), closed. */
export const investigationStatusOf = (status: string): 'new' | 'open' | 'closed' =>
  status === 'new' ? 'new' : status === 'closed' ? 'closed' : 'open';

/**
 * What the incident turned out to be. A false alarm is a false positive and an out-of-scope one is
 * of low value; otherwise an incident is suspected until its information is confirmed or probably
 * true (Admiralty 1–2): then it succeeded if it had an impact, and failed if it had none.
 */
export const determinationOf = (incident: {
  closingReason: string | null;
  informationCredibility: number;
  impactConduct: string;
  impactConfidence: string;
}): Determination => {
  if (incident.closingReason === 'false_alarm') return 'false-positive';
  if (incident.closingReason === 'out_of_scope') return 'low-value';
  if (incident.informationCredibility > 2) return 'suspected';
  const impact = incident.impactConduct !== 'none' || incident.impactConfidence !== 'none';
  return impact ? 'successful-attempt' : 'failed-attempt';
};

/** Severity 1 (low) – 5 (critical) on the 0–100 criticality scale: 20, 40, 60, 80, 100. */
export const criticalityOf = (severity: number): number => Math.min(100, Math.max(0, severity * 20));

/** detection-methods-ov: a reporter's intake is user reporting, an analyst's record human review. */
export const detectionMethodsOf = (reportedVia: string): string[] =>
  reportedVia === 'intake' ? ['user-reporting'] : reportedVia === 'analyst' ? ['human-review'] : [];

export const incidentCoreProperties = (incident: {
  status: string;
  closingReason: string | null;
  informationCredibility: number;
  impactConduct: string;
  impactConfidence: string;
  severity: number;
  reportedVia: string;
}): Record<string, Record<string, unknown>> => {
  const methods = detectionMethodsOf(incident.reportedVia);
  return {
    [incidentCoreExtensionId]: {
      extension_type: 'property-extension',
      determination: determinationOf(incident),
      investigation_status: investigationStatusOf(incident.status),
      criticality: criticalityOf(incident.severity),
      ...(methods.length > 0 ? { detection_methods: methods } : {}),
    },
  };
};
