import { z } from 'zod';
import { ApiError } from '../http/errors';

/** Layer ids: lowercase slug, 1–64 chars (`zanjas`, `forestacion_2024`). */
export const layerIdSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'Identificador de capa inválido.');
export const idSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Parses with zod; on failure throws ApiError(400, code) with the first issues (paths + messages, no input echo). */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown, code = 'VALIDATION_ERROR'): T {
	const r = schema.safeParse(value);
	if (r.success) return r.data;
	const issues = r.error.issues
		.slice(0, 10)
		.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
	throw new ApiError(
		400,
		code,
		issues[0] ? `Datos inválidos: ${issues[0].path || '(raíz)'}: ${issues[0].message}` : 'Datos inválidos.',
		{
			issues
		}
	);
}

export const auditQuerySchema = z.object({
	actor: z.string().max(64).optional(),
	action: z.string().max(64).optional(),
	entityType: z.string().max(32).optional(),
	entityId: z.string().max(64).optional(),
	layer: z.string().max(64).optional(),
	from: z.string().max(40).optional(),
	to: z.string().max(40).optional(),
	before: z.coerce.number().int().positive().optional(),
	limit: z.coerce.number().int().min(1).max(500).default(100)
});
