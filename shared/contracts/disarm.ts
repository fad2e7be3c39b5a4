import { z } from 'zod';
import { idSchema, timestampSchema } from './common.js';
import { incidentIdSchema } from './incidents.js';

export const techniqueIdSchema = z
  .string()
  .regex(/^T\d{4}(\.\d{3})?$/, 'Expected a DISARM technique id such as T0001 or T0001.001.')
  .describe('DISARM technique id, e.g. T0049 or T0049.001');

export const disarmAttributionSchema = z
  .object({
    text: z.string().describe('Attribution to show wherever DISARM content appears'),
    licence: z.string(),
    licenceUrl: z.string(),
    sourceUrl: z.string(),
  })
  .describe('The DISARM Framework is CC BY-SA 4.0: keep this attribution');

export const disarmPhaseSchema = z.object({
  id: z.string().describe('Phase id, e.g. P01'),
  name: z.string(),
  description: z.string(),
  order: z.number().int(),
});

export const disarmTacticSchema = z.object({
  id: z.string().describe('Tactic id, e.g. TA01'),
  name: z.string(),
  description: z.string(),
  phaseId: z.string(),
  order: z.number().int().describe('Column of the matrix, in the order of the phases'),
  stixId: z.string().describe('x-mitre-tactic id in the DISARM STIX bundle'),
  url: z.string(),
});

export const disarmTechniqueSchema = z.object({
  id: techniqueIdSchema,
  name: z.string(),
  description: z.string(),
  tacticId: z.string(),
  parentId: techniqueIdSchema.nullable().describe('The technique a sub-technique belongs to'),
  stixId: z.string().describe('attack-pattern id in the DISARM STIX bundle'),
  url: z.string(),
});
export type DisarmTechnique = z.infer<typeof disarmTechniqueSchema>;

export const disarmTacticListSchema = z.object({
  phases: z.array(disarmPhaseSchema),
  items: z.array(disarmTacticSchema),
  attribution: disarmAttributionSchema,
});

export const techniqueSearchQuerySchema = z.strictObject({
  q: z.string().trim().max(200).optional().describe('Technique id (or its start) or words of its name'),
  tacticId: z
    .string()
    .regex(/^TA\d{2}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(500),
});

export const disarmTechniqueListSchema = z.object({
  items: z.array(disarmTechniqueSchema),
  attribution: disarmAttributionSchema,
});

export const matrixQuerySchema = z.strictObject({
  electionId: idSchema.optional().describe('Count only incidents of this election'),
});

export const matrixTechniqueSchema = z.object({
  id: techniqueIdSchema,
  name: z.string(),
  parentId: techniqueIdSchema.nullable(),
  incidentCount: z.number().int().describe('Incidents using it that the caller may see'),
});

export const disarmMatrixSchema = z.object({
  phases: z.array(disarmPhaseSchema),
  tactics: z.array(
    disarmTacticSchema.pick({ id: true, name: true, phaseId: true, order: true }).extend({
      incidentCount: z.number().int().describe('Visible incidents using any technique of the tactic'),
      techniques: z.array(matrixTechniqueSchema),
    }),
  ),
  electionId: idSchema.nullable(),
  attribution: disarmAttributionSchema,
});
export type DisarmMatrix = z.infer<typeof disarmMatrixSchema>;

export const incidentTechniqueSchema = disarmTechniqueSchema
  .pick({ id: true, name: true, tacticId: true, parentId: true, stixId: true })
  .extend({ addedByUserId: idSchema.nullable(), addedAt: timestampSchema });
export type IncidentTechnique = z.infer<typeof incidentTechniqueSchema>;

export const incidentTechniqueListSchema = z.object({
  incidentId: incidentIdSchema,
  items: z.array(incidentTechniqueSchema),
});

export const replaceTechniquesSchema = z
  .strictObject({
    techniqueIds: z.array(techniqueIdSchema).max(200).describe('The whole set; missing ones are removed'),
  })
  .describe('The DISARM techniques of the incident');
export type ReplaceTechniques = z.input<typeof replaceTechniquesSchema>;
