import { json, type RequestEvent } from '@sveltejs/kit';
import { auditContext } from '../audit/context';
import { can, requireCapability } from '../auth/handle';
import { getRepository } from '../repo';
import type { AuditContext, FeatureStatus, Repository, StoredFeature } from '../repo/types';
import {
	featureCreateSchema,
	featureUpdateSchema,
	idSchema,
	layerIdSchema,
	parseOr400,
	toFeatureInput
} from '../schemas';
import { validateGeometry } from '../schemas/geometry';
import { propertiesSchema, featureStatusSchema } from '../schemas/feature';
import { z } from 'zod';
import { canonicalJson, layerRule, withoutComputed, type LayerRule } from '../layers/rules';
import { INTERVENTIONS_LAYER } from '../interventions/schema';
import { readJson } from './body';
import { ApiError } from './errors';

export const CONFLICT_MESSAGE =
	'Alguien cambió esto mientras usted lo editaba. Revise la versión actual y vuelva a aplicar sus cambios.';

export const REVIEW_WORKFLOW_MESSAGE =
	'La publicación de una obra pasa por la revisión: envíela y un revisor la aprueba.';

/**
 * An intervention's publication `status` belongs to the SEDACUSCO review workflow (docs/review.md:
 * borrador → enviado → … → aprobado ⇒ publicado, `POST /api/interventions/:id/review`): the generic API may
 * neither create one as `publicado` nor change its status, whatever the role. Other layers keep the
 * capability rule (`feature:publish`).
 */
function refuseStatusOutsideWorkflow(layer: string): void {
	if (layer === INTERVENTIONS_LAYER)
		throw new ApiError(409, 'REVIEW_WORKFLOW_REQUIRED', REVIEW_WORKFLOW_MESSAGE);
}

export function params(event: Pick<RequestEvent, 'params'>): { layer: string; id?: number } {
	const p = event.params as Record<string, string | undefined>;
	const layer = layerIdSchema.safeParse(p.layer);
	if (!layer.success) throw new ApiError(400, 'INVALID_LAYER', 'Identificador de capa inválido.');
	if (p.id === undefined) return { layer: layer.data };
	const id = idSchema.safeParse(p.id);
	if (!id.success) throw new ApiError(404, 'FEATURE_NOT_FOUND', 'No existe ese elemento.');
	return { layer: layer.data, id: id.data };
}

/** Drafts are invisible (404) to roles without feature:read_all. */
export async function readableFeature(
	event: RequestEvent,
	layer: string,
	id: number
): Promise<StoredFeature> {
	const f = await getRepository().features.get(layer, id);
	if (!f || (f.status !== 'publicado' && !can(event.locals, 'feature:read_all')))
		throw new ApiError(404, 'FEATURE_NOT_FOUND', 'No existe ese elemento.');
	return f;
}

export function featureResponse(
	f: StoredFeature,
	status = 200,
	headers: Record<string, string> = {}
): Response {
	return json(f, { status, headers: { etag: `"${f.version}"`, 'cache-control': 'no-store', ...headers } });
}

function conflict(current: StoredFeature): never {
	throw new ApiError(409, 'VERSION_CONFLICT', CONFLICT_MESSAGE, { current });
}

/** The version the client read: JSON `version`, else `If-Match: "<n>"`, else `?version=<n>`. */
export function expectedVersion(event: RequestEvent, bodyVersion?: number): number {
	if (bodyVersion !== undefined) return bodyVersion;
	const m = /^(?:W\/)?"?(\d+)"?$/.exec((event.request.headers.get('if-match') ?? '').trim());
	const raw = m?.[1] ?? event.url.searchParams.get('version');
	const v = raw === null || raw === undefined ? NaN : Number(raw);
	if (!Number.isInteger(v) || v < 1)
		throw new ApiError(
			428,
			'VERSION_REQUIRED',
			'Indique la versión que leyó (campo "version", cabecera If-Match o ?version=).'
		);
	return v;
}

/**
 * Runs the layer rule's `afterWrite` (e.g. neighbours' intervention warnings) once the write is committed.
 * A failure there is logged, never turned into an error of the request that already succeeded.
 */
async function afterWrite(
	rule: LayerRule | undefined,
	repo: Repository,
	before: StoredFeature | null,
	after: StoredFeature | null,
	ctx: AuditContext
): Promise<Record<string, string>> {
	if (!rule?.afterWrite) return {};
	try {
		const ids = await rule.afterWrite({ repo, before, after, ctx });
		return ids.length > 0 ? { 'x-warnings-refreshed': ids.join(',') } : {};
	} catch (e) {
		console.error('afterWrite failed', (before ?? after)?.layer, (after ?? before)?.id, e);
		return {};
	}
}

export async function createFeature(event: RequestEvent): Promise<Response> {
	const user = requireCapability(event.locals, 'feature:write');
	const { layer } = params(event);
	const body = parseOr400(featureCreateSchema, await readJson(event.request));
	let input = toFeatureInput(body as Parameters<typeof toFeatureInput>[0], 'borrador');
	if (input.status !== 'borrador') refuseStatusOutsideWorkflow(layer);
	if (input.status !== 'borrador' && !can(event.locals, 'feature:publish'))
		throw new ApiError(403, 'FORBIDDEN_STATUS', 'Su rol no puede publicar: cree el elemento como borrador.');
	const repo = getRepository();
	const rule = layerRule(layer);
	if (rule) input = await rule.prepare({ layer, rawGeometry: body.geometry, input, current: null, repo });
	const ctx = auditContext(event);
	const f = await repo.features.create(layer, input, ctx);
	void user;
	const refreshed = await afterWrite(rule, repo, null, f, ctx);
	return featureResponse(f, 201, { location: `/api/collections/${layer}/features/${f.id}`, ...refreshed });
}

const patchSchema = z
	.object({
		type: z.literal('Feature').optional(),
		geometry: z.unknown().optional(),
		properties: propertiesSchema.nullish(),
		status: featureStatusSchema.optional(),
		version: z.number().int().positive().optional()
	})
	.strict();

/**
 * PUT (full replacement: geometry required) or PATCH (any of geometry / properties / status).
 * Changing geometry or properties needs feature:write; changing status needs feature:publish (and, for
 * interventions, the review workflow: 409 REVIEW_WORKFLOW_REQUIRED).
 */
export async function updateFeature(event: RequestEvent, mode: 'put' | 'patch'): Promise<Response> {
	requireCapability(event.locals, 'feature:write', 'feature:publish');
	const { layer, id } = params(event);
	const raw = await readJson(event.request);
	const body =
		mode === 'put'
			? parseOr400(featureUpdateSchema.partial({ version: true }), raw)
			: parseOr400(patchSchema, raw);
	const version = expectedVersion(event, body.version);
	const repo = getRepository();
	const current = await repo.features.get(layer, id!);
	if (!current) throw new ApiError(404, 'FEATURE_NOT_FOUND', 'No existe ese elemento.');

	const rule = layerRule(layer);
	let geometryChanged = false;
	let geometry = current.geometry;
	let rawGeometry: unknown = current.geometry;
	let bbox = current.bbox;
	if (mode === 'put' || body.geometry !== undefined) {
		const g = validateGeometry(body.geometry);
		if (!g.valid) throw new ApiError(422, g.code, g.message);
		geometry = g.geometry;
		bbox = g.bbox;
		rawGeometry = body.geometry;
		geometryChanged = JSON.stringify(geometry) !== JSON.stringify(current.geometry);
	}
	let properties =
		mode === 'put'
			? (body.properties ?? {})
			: body.properties === undefined
				? current.properties
				: (body.properties ?? {});
	// Computed properties (a layer rule's) are not content: a reviewer may send them back unchanged.
	const propsChanged =
		canonicalJson(withoutComputed(rule, properties)) !==
		canonicalJson(withoutComputed(rule, current.properties));
	const status: FeatureStatus = body.status ?? current.status;
	const statusChanged = status !== current.status;
	if (statusChanged) refuseStatusOutsideWorkflow(layer);

	if ((geometryChanged || propsChanged) && !can(event.locals, 'feature:write'))
		throw new ApiError(
			403,
			'FORBIDDEN',
			'Su rol puede cambiar el estado, pero no la geometría ni los atributos.'
		);
	if (statusChanged && !can(event.locals, 'feature:publish'))
		throw new ApiError(403, 'FORBIDDEN_STATUS', 'Su rol no puede cambiar el estado de publicación.');

	if (rule) {
		if (geometryChanged || propsChanged) {
			const prepared = await rule.prepare({
				layer,
				rawGeometry,
				input: { geometry, bbox, properties, status },
				current,
				repo
			});
			properties = prepared.properties;
		} else {
			properties = current.properties;
		}
	}

	const ctx = auditContext(event);
	const r = await repo.features.update(layer, id!, version, { geometry, bbox, properties, status }, ctx);
	if (!r.ok) {
		if (r.reason === 'not_found') throw new ApiError(404, 'FEATURE_NOT_FOUND', 'No existe ese elemento.');
		conflict(r.current);
	}
	return featureResponse(r.value, 200, await afterWrite(rule, repo, current, r.value, ctx));
}

export async function deleteFeature(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'feature:write');
	const { layer, id } = params(event);
	let bodyVersion: number | undefined;
	if (event.request.headers.get('content-type')?.includes('json')) {
		const b = parseOr400(z.object({ version: z.number().int().positive() }), await readJson(event.request));
		bodyVersion = b.version;
	}
	const version = expectedVersion(event, bodyVersion);
	const repo = getRepository();
	const ctx = auditContext(event);
	const r = await repo.features.delete(layer, id!, version, ctx);
	if (!r.ok) {
		if (r.reason === 'not_found') throw new ApiError(404, 'FEATURE_NOT_FOUND', 'No existe ese elemento.');
		conflict(r.current);
	}
	const refreshed = await afterWrite(layerRule(layer), repo, r.value, null, ctx);
	return json(
		{ id: r.value.id, layer, deleted: true, version: r.value.version },
		{ headers: { 'cache-control': 'no-store', ...refreshed } }
	);
}
