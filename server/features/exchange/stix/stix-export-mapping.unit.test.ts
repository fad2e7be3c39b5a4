import { describe, expect, it } from 'vitest';
import {
  criticalityOf,
  detectionMethodsOf,
  determinationOf,
  incidentCoreExtensionDefinition,
  investigationStatusOf,
} from './incident-core.js';
import { primaryLanguageOf } from './stix-export-sitrep.js';
import { validateStixObject } from './stix-validate.js';
import {
  derivedStixId,
  vaalivahtiExtensionDefinition,
  vaalivahtiProjectIdentity,
  vaalivahtiProperties,
  vaalivahtiExtensionId,
} from './vaalivahti-extension.js';

describe('Incident Core mapping', () => {
  it('maps our statuses to incident-investigation-ov', () => {
    expect(investigationStatusOf('new')).toBe('new');
    for (const s of ['triage', 'investigating', 'responding', 'monitoring'])
      expect(investigationStatusOf(s)).toBe('open');
    expect(investigationStatusOf('closed')).toBe('closed');
  });

  it('determines the outcome from the closing reason, credibility and impact', () => {
    const base = {
      closingReason: null,
      informationCredibility: 2,
      impactConduct: 'none',
      impactConfidence: 'none',
    };
    expect(determinationOf({ ...base, closingReason: 'false_alarm' })).toBe('false-positive');
    expect(determinationOf({ ...base, closingReason: 'out_of_scope' })).toBe('low-value');
    expect(determinationOf({ ...base, informationCredibility: 3 })).toBe('suspected');
    expect(determinationOf({ ...base, informationCredibility: 6, impactConduct: 'major' })).toBe('suspected');
    expect(determinationOf(base)).toBe('failed-attempt');
    expect(determinationOf({ ...base, informationCredibility: 1, impactConfidence: 'minor' })).toBe(
      'successful-attempt',
    );
  });

  it('puts severity on the 0–100 criticality scale and names the detection method', () => {
    expect([1, 2, 3, 4, 5].map(criticalityOf)).toEqual([20, 40, 60, 80, 100]);
    expect(detectionMethodsOf('intake')).toEqual(['user-reporting']);
    expect(detectionMethodsOf('analyst')).toEqual(['human-review']);
    expect(detectionMethodsOf('import')).toEqual([]);
  });
});

describe('our extension', () => {
  it('publishes a valid extension-definition and identity with fixed ids', () => {
    for (const object of [
      vaalivahtiExtensionDefinition,
      vaalivahtiProjectIdentity,
      incidentCoreExtensionDefinition,
    ])
      expect(validateStixObject(object)).toMatchObject({ valid: true });
    expect(vaalivahtiExtensionDefinition).toMatchObject({
      id: vaalivahtiExtensionId,
      created_by_ref: vaalivahtiProjectIdentity.id,
      extension_types: ['property-extension'],
    });
  });

  it('leaves out what STIX cannot carry: null and empty lists, also nested', () => {
    expect(
      vaalivahtiProperties({
        a_b: null,
        list: [],
        keep: 0,
        nested: { gone: null, item: [{ x: null, y: 1 }] },
      }),
    ).toEqual({
      [vaalivahtiExtensionId]: {
        extension_type: 'property-extension',
        keep: 0,
        nested: { item: [{ y: 1 }] },
      },
    });
  });

  it('derives the same valid id from the same parts, and different ids from different parts', () => {
    const id = derivedStixId('relationship', 'uses', 'incident--1', 'attack-pattern--2');
    expect(id).toBe(derivedStixId('relationship', 'uses', 'incident--1', 'attack-pattern--2'));
    expect(id).not.toBe(derivedStixId('relationship', 'uses', 'incident--1', 'attack-pattern--3'));
    expect(id).toMatch(/^relationship--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('writes a report in English when it has English, else Finnish', () => {
    expect(primaryLanguageOf(['fi', 'sv', 'en'])).toBe('en');
    expect(primaryLanguageOf(['sv', 'fi'])).toBe('fi');
    expect(primaryLanguageOf(['sv'])).toBe('sv');
  });
});
