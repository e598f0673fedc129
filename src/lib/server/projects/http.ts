/** Handlers of /api/projects (minimal MRSE project registry; issue 7 extends). */
import { json, type RequestEvent } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
	INTERVENTION_TYPES,
	isInterventionType,
	mergeParams,
	validateParams,
	type ParamValues
} from '../../geo/interventions';
import { auditContext } from '../audit/context';
import { requireCapability } from '../auth/handle';
import { ApiError } from '../http/errors';
import { readJson } from '../http/body';
import { CONFLICT_MESSAGE, expectedVersion } from '../http/features';
import { recomputeProjectMeasures } from '../interventions/rule';
import { INTERVENTIONS_LAYER } from '../interventions/schema';
import { canonicalJson } from '../layers/rules';
import { getRepository } from '../repo';
import type { Project, ProjectFields } from '../repo/types';
import { parseOr400 } from '../schemas/common';

export const PROJECT_STATUSES = ['formulacion', 'en_ejecucion', 'ejecutado', 'cerrado'] as const;
/** Quantities a project goal may set per intervention type (issue 7). */
export const GOAL_QUANTITIES = [
	'areaHa',
	'lengthM',
	'volumeM3',
	'capacityM3',
	'protectedHa',
	'treatedHa',
	'plants',
	'count'
] as const;
export const projectIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'Identificador inválido.');

const opt = (max: number) => z.string().trim().min(1).max(max).nullable().optional();

const fieldsSchema = z
	.object({
		code: opt(64),
		name: z.string().trim().min(1, 'Falta el nombre.').max(300),
		year: z.number().int().min(1900).max(2200).nullable().optional(),
		sector: opt(200),
		executor: opt(200),
		budgetSoles: z.number().min(0).max(1e12).nullable().optional(),
		fundingSource: opt(200),
		status: z.enum(PROJECT_STATUSES).nullable().optional(),
		illustrative: z.boolean().optional(),
		params: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
		goals: z
			.partialRecord(
				z.enum(INTERVENTION_TYPES),
				z.partialRecord(z.enum(GOAL_QUANTITIES), z.number().min(0).max(1e9))
			)
			.optional(),
		disbursements: z
			.array(
				z
					.object({
						date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Fecha AAAA-MM-DD.'),
						amountSoles: z.number().min(0).max(1e12),
						note: z.string().trim().max(500).nullable().optional()
					})
					.strict()
			)
			.max(500)
			.optional()
	})
	.strict();

const createSchema = fieldsSchema.extend({ id: projectIdSchema.optional() }).strict();
const updateSchema = fieldsSchema
	.partial()
	.extend({ version: z.number().int().positive().optional() })
	.strict();

function noStore(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
	return json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });
}

export function projectResponse(p: Project, status = 200, headers: Record<string, string> = {}): Response {
	return noStore(p, status, { etag: `"${p.version}"`, ...headers });
}

/** Per-type overrides checked with the library (unknown types/keys, absurd values) → 422 PARAM_*. */
function checkParams(params: Record<string, Record<string, unknown>>): Project['params'] {
	const issues: { type: string; code: string; key: string; message: string }[] = [];
	for (const [type, values] of Object.entries(params)) {
		if (!isInterventionType(type)) {
			issues.push({
				type,
				code: 'PARAM_UNKNOWN_TYPE',
				key: '',
				message: `Tipo de intervención desconocido: ${type}.`
			});
			continue;
		}
		for (const i of validateParams(type, values)) issues.push({ type, ...i });
	}
	if (issues.length > 0) throw new ApiError(422, issues[0]!.code, issues[0]!.message, { issues });
	return params as Project['params'];
}

function toFields(b: z.infer<typeof fieldsSchema>): ProjectFields {
	return {
		code: b.code ?? null,
		name: b.name,
		year: b.year ?? null,
		sector: b.sector ?? null,
		executor: b.executor ?? null,
		budgetSoles: b.budgetSoles ?? null,
		fundingSource: b.fundingSource ?? null,
		status: b.status ?? null,
		illustrative: b.illustrative ?? false,
		params: checkParams(b.params ?? {}),
		goals: (b.goals ?? {}) as Project['goals'],
		disbursements: [...(b.disbursements ?? [])]
			.map((d) => ({ date: d.date, amountSoles: d.amountSoles, note: d.note ?? null }))
			.sort((a, b) => a.date.localeCompare(b.date))
	};
}

export function projectParam(event: Pick<RequestEvent, 'params'>): string {
	const r = projectIdSchema.safeParse((event.params as Record<string, string>).id);
	if (!r.success) throw new ApiError(404, 'PROJECT_NOT_FOUND', 'No existe ese proyecto.');
	return r.data;
}

async function getOr404(id: string): Promise<Project> {
	const p = await getRepository().projects.get(id);
	if (!p) throw new ApiError(404, 'PROJECT_NOT_FOUND', 'No existe ese proyecto.');
	return p;
}

export async function listProjects(): Promise<Response> {
	return noStore({ projects: await getRepository().projects.list() });
}

export async function getProject(event: RequestEvent): Promise<Response> {
	return projectResponse(await getOr404(projectParam(event)));
}

export async function createProject(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'project:write');
	const body = parseOr400(createSchema, await readJson(event.request));
	const { id: wanted, ...rest } = body;
	const id = wanted ?? `p-${randomUUID().slice(0, 8)}`;
	const p = await getRepository().projects.create(id, toFields(rest), auditContext(event));
	return projectResponse(p, 201, { location: `/api/projects/${p.id}` });
}

export async function updateProject(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'project:write');
	const id = projectParam(event);
	const body = parseOr400(updateSchema, await readJson(event.request));
	const version = expectedVersion(event, body.version);
	const current = await getOr404(id);
	const { version: _v, ...patch } = body;
	void _v;
	const merged = { ...current, ...patch };
	const fields = toFields({
		code: merged.code,
		name: merged.name,
		year: merged.year,
		sector: merged.sector,
		executor: merged.executor,
		budgetSoles: merged.budgetSoles,
		fundingSource: merged.fundingSource,
		status: merged.status as (typeof PROJECT_STATUSES)[number] | null,
		illustrative: merged.illustrative,
		params: merged.params,
		goals: merged.goals as z.infer<typeof fieldsSchema>['goals'],
		disbursements: merged.disbursements
	});
	const repo = getRepository();
	const ctx = auditContext(event);
	const r = await repo.projects.update(id, version, fields, ctx);
	if (!r.ok) {
		if (r.reason === 'not_found') throw new ApiError(404, 'PROJECT_NOT_FOUND', 'No existe ese proyecto.');
		throw new ApiError(409, 'VERSION_CONFLICT', CONFLICT_MESSAGE, { current: r.current });
	}
	// New overrides → the project's interventions get their stored measures recomputed.
	const recomputed =
		canonicalJson(current.params) !== canonicalJson(r.value.params)
			? await recomputeProjectMeasures(repo, id, ctx)
			: { updated: 0, skipped: 0 };
	return noStore({ ...r.value, recomputed }, 200, { etag: `"${r.value.version}"` });
}

export async function deleteProject(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'project:write');
	const id = projectParam(event);
	let bodyVersion: number | undefined;
	if (event.request.headers.get('content-type')?.includes('json')) {
		bodyVersion = parseOr400(
			z.object({ version: z.number().int().positive() }),
			await readJson(event.request)
		).version;
	}
	const version = expectedVersion(event, bodyVersion);
	const repo = getRepository();
	const r = await repo.projects.delete(id, version, auditContext(event), INTERVENTIONS_LAYER);
	if (!r.ok) {
		if (r.reason === 'not_found') throw new ApiError(404, 'PROJECT_NOT_FOUND', 'No existe ese proyecto.');
		throw new ApiError(409, 'VERSION_CONFLICT', CONFLICT_MESSAGE, { current: r.current });
	}
	return noStore({ id, deleted: true, version: r.value.version });
}

export async function projectParams(event: RequestEvent): Promise<Response> {
	const p = await getOr404(projectParam(event));
	const merged = {} as Record<string, ParamValues>;
	for (const t of INTERVENTION_TYPES) merged[t] = mergeParams(t, p.params[t]);
	return noStore({ projectId: p.id, version: p.version, overrides: p.params, merged });
}
