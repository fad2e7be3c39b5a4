import { readdirSync } from 'node:fs';
import path from 'node:path';
import { domainToASCII } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readReferenceFile, referenceDataDir } from '../../areas/reference-data.js';
import { tlp2ExtensionId } from './stix-markings.js';
import { stixTypeOf, type StixObject } from './stix-types.js';

/**
 * Every STIX object validated on its own against its OASIS per-type schema (JSON Schema draft
 * 2020-12, reference-data/stix/schemas). The official bundle schema is not used: it leaves out
 * incident, note, opinion, grouping, location and extension-definition and its fallback for
 * custom objects matches twice, so it rejects valid bundles (reference data's PROVENANCE).
 */
const schemaRoot = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas';

const folders = ['common', 'sdos', 'sros', 'observables'] as const;

const build = () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true, unicodeRegExp: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addFormat('idn-hostname', (value: string) => value.length > 0 && domainToASCII(value) !== '');
  const dir = path.join(referenceDataDir(), 'stix', 'schemas');
  const typeSchema = new Map<string, string>();
  for (const folder of folders) {
    for (const name of readdirSync(path.join(dir, folder))) {
      if (!name.endsWith('.json')) continue;
      const schema = JSON.parse(readReferenceFile(path.join('stix', 'schemas', folder, name))) as {
        $id: string;
      };
      ajv.addSchema(schema);
      if (folder !== 'common') typeSchema.set(name.slice(0, -'.json'.length), schema.$id);
    }
  }
  typeSchema.set('marking-definition', `${schemaRoot}/common/marking-definition.json`);
  typeSchema.set('language-content', `${schemaRoot}/common/language-content.json`);
  typeSchema.set('extension-definition', `${schemaRoot}/common/extension-definition.json`);
  const tlp2 = JSON.parse(readReferenceFile('stix/tlp-2.0-extension.schema.json')) as object;
  const validators = new Map<string, ValidateFunction>();
  const compiled = (id: string): ValidateFunction => {
    let validate = validators.get(id);
    if (!validate) {
      validate = ajv.getSchema(id);
      if (!validate) throw new Error(`STIX schema ${id} not loaded`);
      validators.set(id, validate);
    }
    return validate;
  };
  return { ajv, typeSchema, compiled, tlp2: ajv.compile(tlp2) };
};

let state: ReturnType<typeof build> | undefined;
const validators = () => (state ??= build());

/** The types the OASIS schemas define; anything else must be a custom object (x-… or an extension's new type). */
export const isStandardStixType = (type: string): boolean => validators().typeSchema.has(type);

const describe = (error: ErrorObject): string => {
  const where = error.instancePath === '' ? 'the object' : error.instancePath.slice(1).replaceAll('/', '.');
  if (error.keyword === 'required')
    return `${where}: ${(error.params as { missingProperty: string }).missingProperty} is required`;
  if (error.keyword === 'enum')
    return `${where}: must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return `${where}: ${error.message ?? error.keyword}`;
};

/** ajv reports every branch of a oneOf/anyOf/allOf; the leaf reasons are the readable ones. */
const reasonsOf = (errors: readonly ErrorObject[] | null | undefined): string[] => {
  const leaves = (errors ?? []).filter((e) => !['oneOf', 'anyOf', 'allOf', 'if', 'not'].includes(e.keyword));
  return [...new Set((leaves.length > 0 ? leaves : (errors ?? [])).map(describe))].slice(0, 10);
};

export type StixValidation = { valid: true; object: StixObject } | { valid: false; reasons: string[] };

/**
 * Checks one object: its type's OASIS schema (custom types: the common core), TLP 2.0 marking
 * definitions against the TLP 2.0 extension schema, and the rules the schemas cannot say
 * (the id's type is the object's type; modified is not before created).
 */
export const validateStixObject = (value: unknown): StixValidation => {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { valid: false, reasons: ['an object must be a JSON object'] };
  const object = value as Record<string, unknown>;
  if (typeof object.type !== 'string') return { valid: false, reasons: ['type is required'] };
  if (typeof object.id !== 'string' || stixTypeOf(object.id) !== object.type)
    return { valid: false, reasons: [`id must be "${object.type}--" followed by a UUID`] };
  const v = validators();
  const schemaId =
    v.typeSchema.get(object.type) ??
    (typeof object.created === 'string' || typeof object.modified === 'string'
      ? `${schemaRoot}/common/core.json`
      : `${schemaRoot}/common/cyber-observable-core.json`);
  const validate = v.compiled(schemaId);
  const reasons = validate(object) ? [] : reasonsOf(validate.errors);
  if (
    object.type === 'marking-definition' &&
    typeof object.extensions === 'object' &&
    object.extensions !== null &&
    tlp2ExtensionId in object.extensions &&
    !v.tlp2(object)
  )
    reasons.push(...reasonsOf(v.tlp2.errors).map((r) => `TLP 2.0: ${r}`));
  if (
    typeof object.created === 'string' &&
    typeof object.modified === 'string' &&
    Date.parse(object.modified) < Date.parse(object.created)
  )
    reasons.push('modified: must not be earlier than created');
  return reasons.length === 0 ? { valid: true, object: object as StixObject } : { valid: false, reasons };
};
