import { error } from '@sveltejs/kit';
import { requirePage } from '$lib/server/http/forms';
import { getRepository } from '$lib/server/repo';
import { idSchema, layerIdSchema } from '$lib/server/schemas';
import type { PageServerLoad } from './$types';

interface Snap {
	geometry?: unknown;
	properties?: Record<string, unknown>;
	status?: string;
	version?: number;
}

/** One feature's full history from the audit log, with what changed at each step. */
export const load: PageServerLoad = async ({ locals, params }) => {
	requirePage(locals, 'audit:read');
	const layer = layerIdSchema.safeParse(params.layer);
	const id = idSchema.safeParse(params.id);
	if (!layer.success || !id.success) error(404, { message: 'No encontrado.', code: 'NOT_FOUND' });
	const repo = getRepository();
	const rows = (await repo.audit.history('feature', String(id.data))).filter((r) => r.layer === layer.data);
	if (rows.length === 0)
		error(404, { message: 'No hay historial para ese elemento.', code: 'FEATURE_NOT_FOUND' });
	const current = await repo.features.get(layer.data, id.data);
	return {
		layer: layer.data,
		id: id.data,
		current: current ? { version: current.version, status: current.status } : null,
		entries: rows.map((r) => {
			const b = (r.before ?? {}) as Snap;
			const a = (r.after ?? {}) as Snap;
			const keys = new Set([...Object.keys(b.properties ?? {}), ...Object.keys(a.properties ?? {})]);
			const changed = [...keys]
				.filter((k) => JSON.stringify(b.properties?.[k]) !== JSON.stringify(a.properties?.[k]))
				.map((k) => ({
					key: k,
					before: b.properties && k in b.properties ? JSON.stringify(b.properties[k]) : null,
					after: a.properties && k in a.properties ? JSON.stringify(a.properties[k]) : null
				}));
			return {
				auditId: r.id,
				at: r.at,
				action: r.action,
				actor: r.actorUsername,
				role: r.actorRole,
				versionBefore: b.version ?? null,
				versionAfter: a.version ?? null,
				statusBefore: b.status ?? null,
				statusAfter: a.status ?? null,
				geometryChanged:
					r.before !== null && r.after !== null && JSON.stringify(b.geometry) !== JSON.stringify(a.geometry),
				changed
			};
		})
	};
};
