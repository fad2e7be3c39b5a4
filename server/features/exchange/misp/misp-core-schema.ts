import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { readReferenceFile } from '../../areas/reference-data.js';

/**
 * The JSON Schema of the MISP core format (reference-data/misp/misp-core-format.schema.json, as
 * the RFC prints it). It declares draft-04, which ajv 8 no longer ships; the keywords it uses
 * (type, properties, additionalProperties, required, items, uniqueItems, local $ref) mean the same
 * in draft-07, so it is compiled as draft-07 with three adaptations, none of which changes what it
 * accepts: the draft-04 `$schema` is dropped, its `id` becomes `$id`, and its `defs` container is
 * declared as a keyword. ajv runs non-strict because the schema has one upstream slip: a
 * `"required": ["uuid"]` written inside `sharing_group.properties`, which reads as a property
 * named "required" whose schema is an array, and which every validator ignores.
 */
const build = (): ValidateFunction => {
  const schema = JSON.parse(readReferenceFile('misp/misp-core-format.schema.json')) as Record<
    string,
    unknown
  >;
  const { $schema: _draft, id, $comment: _comment, ...rest } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addKeyword({ keyword: 'defs' });
  return ajv.compile({ ...rest, $id: String(id) });
};

let validator: ValidateFunction | undefined;

const describe = (error: ErrorObject): string =>
  `${error.instancePath === '' ? '(root)' : error.instancePath}: ${error.message ?? error.keyword}${
    error.keyword === 'additionalProperties'
      ? ` (${(error.params as { additionalProperty: string }).additionalProperty})`
      : ''
  }`;

/** Checks a `{"Event": …}` document against the core format's schema; [] when it is valid. */
export const mispCoreFormatErrors = (document: unknown): string[] => {
  validator ??= build();
  return validator(document) ? [] : (validator.errors ?? []).map(describe);
};
