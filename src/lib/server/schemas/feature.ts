import { z } from 'zod';
import { ApiError } from '../http/errors';
import type { FeatureInput, FeatureStatus } from '../repo/types';
import { validateGeometry } from './geometry';

export const featureStatusSchema = z.enum(['borrador', 'publicado']);

const MAX_PROPERTIES_BYTES = 64 * 1024;
const MAX_PROPERTIES_DEPTH = 8;

function depth(v: unknown): number {
	if (v === null || typeof v !== 'object') return 0;
	let d = 0;
	for (const c of Array.isArray(v) ? v : Object.values(v)) d = Math.max(d, depth(c));
	return d + 1;
}

export const propertiesSchema = z
	.record(z.string().min(1).max(100), z.unknown())
	.refine((p) => Object.keys(p).length <= 200, 'Demasiadas propiedades (máximo 200).')
	.refine(
		(p) => depth(p) <= MAX_PROPERTIES_DEPTH,
		`Propiedades anidadas demasiado (máximo ${MAX_PROPERTIES_DEPTH}).`
	)
	.refine(
		(p) => Buffer.byteLength(JSON.stringify(p)) <= MAX_PROPERTIES_BYTES,
		'Las propiedades ocupan demasiado (máximo 64 KiB).'
	);

/** POST /api/collections/[layer]/features — a GeoJSON Feature (geometry validated separately, with codes). */
export const featureCreateSchema = z.object({
	type: z.literal('Feature').optional(),
	geometry: z.unknown(),
	properties: propertiesSchema.nullish(),
	status: featureStatusSchema.optional()
});

/** PUT /api/collections/[layer]/features/[id] — full replacement + the version that was read. */
export const featureUpdateSchema = featureCreateSchema.extend({
	version: z.number().int().positive()
});

/** Validates the geometry and builds the repository input. Throws ApiError(422, GEOMETRY_*). */
export function toFeatureInput(
	body: { geometry: unknown; properties?: Record<string, unknown> | null; status?: FeatureStatus },
	defaultStatus: FeatureStatus
): FeatureInput {
	const g = validateGeometry(body.geometry);
	if (!g.valid) throw new ApiError(422, g.code, g.message);
	return {
		geometry: g.geometry,
		bbox: g.bbox,
		properties: body.properties ?? {},
		status: body.status ?? defaultStatus
	};
}

export const featureListQuerySchema = z.object({
	bbox: z
		.string()
		.transform((s, ctx) => {
			const n = s.split(',').map(Number);
			if (n.length !== 4 || !n.every(Number.isFinite) || n[0]! > n[2]! || n[1]! > n[3]!) {
				ctx.addIssue({ code: 'custom', message: 'bbox debe ser minLon,minLat,maxLon,maxLat.' });
				return z.NEVER;
			}
			return n as [number, number, number, number];
		})
		.optional(),
	status: featureStatusSchema.optional(),
	limit: z.coerce.number().int().min(1).max(10_000).default(1000),
	offset: z.coerce.number().int().min(0).max(10_000_000).default(0)
});
