/**
 * zod schema of `properties` of a feature of the `intervenciones` layer (docs/interventions-api.md).
 * Vocabulary (types, states) comes from the pure library `src/lib/geo/interventions`; parameter values are
 * checked there too (`validateParams`) so the client and the server reject the same input.
 */
import { z } from 'zod';
import { INTERVENTION_STATES, INTERVENTION_TYPES } from '../../geo/interventions/types';

export const INTERVENTIONS_LAYER = 'intervenciones';
/** Keys the server computes on save; sent values are ignored. */
export const COMPUTED_KEYS = ['measures', 'warnings', 'computedAt', 'warningsRefresh'] as const;
/** Hand-drawn interventions: a cap that also bounds the O(n²) self-intersection check of the library. */
export const MAX_INTERVENTION_VERTICES = 5000;

const text = (max: number) => z.string().trim().max(max, `Máximo ${max} caracteres.`);

const isoDate = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'Fecha en formato AAAA-MM-DD.')
	.refine((s) => {
		const d = new Date(`${s}T00:00:00Z`);
		return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
	}, 'Fecha inexistente.');

const attrValue = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);

export const interventionAttrsSchema = z
	.object({
		species: z.array(text(100).min(1)).max(50, 'Máximo 50 especies.').optional(),
		springName: text(200).optional(),
		flowLps: z.number().min(0, 'El caudal no puede ser negativo.').max(10_000).optional()
	})
	.catchall(attrValue)
	.refine((a) => Object.keys(a).length <= 30, 'Máximo 30 atributos.');

export const interventionPropertiesSchema = z
	.object({
		type: z.enum(INTERVENTION_TYPES, { message: 'Tipo de intervención desconocido.' }),
		state: z.enum(INTERVENTION_STATES, { message: 'Estado desconocido.' }),
		name: text(200).optional(),
		projectId: z.string().min(1).max(64).optional(),
		community: text(200).optional(),
		startDate: isoDate.optional(),
		endDate: isoDate.optional(),
		notes: text(2000).optional(),
		attrs: interventionAttrsSchema.optional(),
		/** Overrides, checked with the library's validateParams (unknown keys, ranges). */
		params: z.record(z.string().max(64), z.unknown()).optional()
	})
	.strict()
	.superRefine((p, ctx) => {
		if (p.startDate && p.endDate && p.endDate < p.startDate)
			ctx.addIssue({
				code: 'custom',
				path: ['endDate'],
				message: 'La fecha de fin es anterior a la fecha de inicio.'
			});
	});

export type InterventionProperties = z.infer<typeof interventionPropertiesSchema>;
