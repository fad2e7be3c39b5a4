import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../../../shared/contracts/incidents.js';
import { draftUpdate, parseAreaCodes, rebaseValues, toEditValues } from './edit-values.js';

const incident: Incident = {
  id: 'incident--00000000-0000-4000-8000-000000000001',
  title: 'Fake ads',
  description: 'Text',
  domains: ['information_influence'],
  category: 'fake_campaign_material',
  severity: 2,
  impactOnConduct: 'none',
  impactOnConfidence: 'minor',
  sourceReliability: 'B',
  informationCredibility: 2,
  status: 'triage',
  closingReason: null,
  duplicateOfId: null,
  leadOrganisationId: null,
  supportingOrganisationIds: ['a', 'b'],
  electionId: null,
  phaseKey: null,
  areaCodes: ['KU091'],
  firstSeen: '2027-04-01T09:30:00.000Z',
  lastSeen: null,
  tlp: 'amber',
  ownerOrganisationId: 'o',
  authorUserId: 'u',
  sharedWith: { organisations: [], communities: [], users: [] },
  reportedVia: 'analyst',
  intake: null,
  corroborationCount: 0,
  version: 3,
  createdAt: '2027-04-01T09:30:00.000Z',
  updatedAt: '2027-04-01T09:30:00.000Z',
  permissions: { edit: true, changeMarking: true, route: true },
};
const zone = 'Europe/Helsinki';

describe('edit values', () => {
  it('shows times in the user’s zone and sends nothing when nothing changed', () => {
    const values = toEditValues(incident, zone);
    expect(values.firstSeenDay).toBe('2027-04-01');
    expect(values.firstSeenTime).toBe('12:30');
    expect(draftUpdate(incident, values, zone)).toEqual({ changes: {}, invalid: [] });
  });

  it('sends only the changed fields, ignoring order in sets', () => {
    const values = {
      ...toEditValues(incident, zone),
      severity: 4,
      title: '  Fake ads in Helsinki ',
      supportingOrganisationIds: ['b', 'a'],
      lastSeenDay: '2027-04-02',
      lastSeenTime: '08:00',
    };
    expect(draftUpdate(incident, values, zone)).toEqual({
      changes: { severity: 4, title: 'Fake ads in Helsinki', lastSeen: '2027-04-02T05:00:00.000Z' },
      invalid: [],
    });
  });

  it('clears a time left empty and refuses an impossible one', () => {
    const cleared = { ...toEditValues(incident, zone), firstSeenDay: '', firstSeenTime: '' };
    expect(draftUpdate(incident, cleared, zone).changes).toEqual({ firstSeen: null });
    const broken = {
      ...toEditValues(incident, zone),
      lastSeenDay: '2027-13-40',
      areaCodes: 'KU091, Helsinki',
    };
    expect(draftUpdate(incident, broken, zone).invalid).toEqual(['areaCodes', 'lastSeen']);
  });

  it('reads area codes in any case and separator', () => {
    expect(parseAreaCodes('ku091, VP06;hv06  mk06 KU091')).toEqual({
      codes: ['KU091', 'VP06', 'HV06', 'MK06'],
      invalid: [],
    });
    expect(parseAreaCodes('KU1').invalid).toEqual(['KU1']);
  });
});

describe('rebaseValues', () => {
  it('keeps what this person edited and takes the rest from the latest version', () => {
    const edited = { ...toEditValues(incident, zone), title: 'Mine' };
    const latest = { ...incident, severity: 5, version: 4 };
    const rebased = rebaseValues(incident, latest, edited, zone);
    expect(rebased.title).toBe('Mine');
    expect(rebased.severity).toBe(5);
    expect(draftUpdate(latest, rebased, zone).changes).toEqual({ title: 'Mine' });
  });
});
