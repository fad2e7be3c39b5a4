import fastJson from 'fast-json-stringify';
import { z } from 'zod';

/**
 * A hot route's response written by fast-json-stringify from the JSON Schema of its zod schema,
 * instead of zod's check followed by JSON.stringify (decision 0007). Like zod's output, it writes
 * only the properties the schema declares, so nothing outside the contract leaves; unlike zod, it
 * does not check the values, so use it only where the body is built by a presenter typed by the
 * same schema. The zod schema stays the route's contract and its OpenAPI description.
 */
export const fastSerializer = (schema: z.ZodType) => {
  const stringify = fastJson(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as never);
  return () => (data: unknown) => stringify(data);
};
