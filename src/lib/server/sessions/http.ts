/**
 * Handlers of /api/sessions (issue 9): assembly sessions, their live proposals (features with
 * `properties.attrs.sessionId` in `intervenciones` or `asamblea_problemas`), dot-votes, promotion to planned
 * interventions, photos of paper maps and the proposals as GeoJSON/CSV.
 */
import { json, type RequestEvent } from '@sveltejs/kit';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
	INTERVENTIONS,
	KIND_INFO,
	PHOTO_MAX_BYTES,
	PROBLEMS_LAYER,
	byVotes,
	promoteSchema,
	proposalCreateSchema,
	proposalsToCollection,
	sessionFieldsSchema,
	toProposal,
	voteSchema,
	type AssemblySession,
	type DrawFamily
} from '../../components/assembly/proposals';
import { exportCSV } from '../../geo/export/csv';
import { exportGeoJSON } from '../../geo/export/geojson';
import { auditContext } from '../audit/context';
import { requireCapability } from '../auth/handle';
import { readJson } from '../http/body';
import { ApiError } from '../http/errors';
import { CONFLICT_MESSAGE, expectedVersion } from '../http/features';
import { layerRule } from '../layers/rules';
import { getRepository } from '../repo';
import type { AuditContext, FeatureInput, StoredFeature } from '../repo/types';
import { RepoError } from '../repo/types';
import { idSchema, parseOr400 } from '../schemas/common';
import { toFeatureInput } from '../schemas/feature';
import { toRecord } from './types';

const LAYERS = [INTERVENTIONS, PROBLEMS_LAYER] as const;
const NOT_FOUND = () => new ApiError(404, 'SESSION_NOT_FOUND', 'No existe esa sesión.');
const PROPOSAL_NOT_FOUND = () =>
	new ApiError(404, 'PROPOSAL_NOT_FOUND', 'No existe esa propuesta en esta sesión.');

function noStore(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
	return json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });
}

function sessionResponse(s: AssemblySession, status = 200, headers: Record<string, string> = {}): Response {
	return noStore(s, status, { etag: `"${s.version}"`, ...headers });
}

function numParam(event: Pick<RequestEvent, 'params'>, name: string, notFound: () => ApiError): number {
	const r = idSchema.safeParse((event.params as Record<string, string>)[name]);
	if (!r.success) throw notFound();
	return r.data;
}

async function getOr404(id: number): Promise<AssemblySession> {
	const s = await getRepository().assemblies.get(id);
	if (!s) throw NOT_FOUND();
	return s;
}

function mapRepoError(e: unknown): never {
	if (e instanceof RepoError) {
		if (e.code === 'STORY_NOT_FOUND') throw new ApiError(422, e.code, e.message);
		if (e.code === 'SESSION_IN_USE') throw new ApiError(409, e.code, e.message);
		if (e.code === 'SESSION_NOT_FOUND') throw new ApiError(404, e.code, e.message);
	}
	throw e;
}

function open(s: AssemblySession): void {
	if (s.closed)
		throw new ApiError(
			409,
			'SESSION_CLOSED',
			'La sesión está cerrada: reábrala para cambiar sus propuestas.'
		);
}

export async function listSessions(): Promise<Response> {
	return noStore({ sessions: await getRepository().assemblies.list() });
}

export async function getSession(event: RequestEvent): Promise<Response> {
	return sessionResponse(await getOr404(numParam(event, 'id', NOT_FOUND)));
}

export async function createSession(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'assembly:write');
	const f = parseOr400(sessionFieldsSchema, await readJson(event.request), 'SESSION_INVALID');
	try {
		const s = await getRepository().assemblies.create(toRecord(f), auditContext(event));
		return sessionResponse(s, 201, { location: `/api/sessions/${s.id}` });
	} catch (e) {
		mapRepoError(e);
	}
}

const sessionPatchSchema = sessionFieldsSchema
	.partial()
	.extend({ version: z.number().int().positive().optional() })
	.strict();

export async function updateSession(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'assembly:write');
	const id = numParam(event, 'id', NOT_FOUND);
	const body = parseOr400(sessionPatchSchema, await readJson(event.request), 'SESSION_INVALID');
	const version = expectedVersion(event, body.version);
	const current = await getOr404(id);
	const { version: _v, ...patch } = body;
	void _v;
	const merged = parseOr400(
		sessionFieldsSchema,
		{
			title: current.title,
			date: current.date,
			place: current.place,
			community: current.community,
			participants: current.participants,
			notes: current.notes,
			storyId: current.storyId,
			closed: current.closed,
			...patch
		},
		'SESSION_INVALID'
	);
	try {
		const r = await getRepository().assemblies.update(id, version, toRecord(merged), auditContext(event));
		if (!r.ok) {
			if (r.reason === 'not_found') throw NOT_FOUND();
			throw new ApiError(409, 'VERSION_CONFLICT', CONFLICT_MESSAGE, { current: r.current });
		}
		return sessionResponse(r.value);
	} catch (e) {
		mapRepoError(e);
	}
}

export async function deleteSession(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'assembly:write');
	const id = numParam(event, 'id', NOT_FOUND);
	try {
		const r = await getRepository().assemblies.delete(id, expectedVersion(event), auditContext(event));
		if (!r.ok) {
			if (r.reason === 'not_found') throw NOT_FOUND();
			throw new ApiError(409, 'VERSION_CONFLICT', CONFLICT_MESSAGE, { current: r.current });
		}
		return noStore({ id, deleted: true, version: r.value.version });
	} catch (e) {
		mapRepoError(e);
	}
}

async function proposalsOf(id: number) {
	const feats = await getRepository().assemblies.proposals(id, LAYERS);
	return feats.map(toProposal).sort(byVotes);
}

/** `{ session, proposals, photos }` — proposals most-voted first. */
export async function listProposals(event: RequestEvent): Promise<Response> {
	const s = await getOr404(numParam(event, 'id', NOT_FOUND));
	const [proposals, photos] = await Promise.all([proposalsOf(s.id), getRepository().assemblies.photos(s.id)]);
	return noStore({ session: s, proposals, photos });
}

const FAMILY: Record<string, DrawFamily> = {
	Point: 'point',
	LineString: 'line',
	Polygon: 'polygon'
};

async function prepare(
	layer: string,
	input: FeatureInput,
	rawGeometry: unknown,
	current: StoredFeature | null
) {
	const rule = layerRule(layer);
	return rule ? rule.prepare({ layer, rawGeometry, input, current, repo: getRepository() }) : input;
}

export async function createProposal(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'assembly:write');
	const s = await getOr404(numParam(event, 'id', NOT_FOUND));
	open(s);
	const b = parseOr400(proposalCreateSchema, await readJson(event.request), 'PROPOSAL_INVALID');
	const info = KIND_INFO[b.kind];
	const repo = getRepository();
	if (b.photoId != null && !(await repo.assemblies.photo(s.id, b.photoId)))
		throw new ApiError(422, 'PHOTO_NOT_FOUND', 'La foto indicada no pertenece a esta sesión.');
	const attrs: Record<string, string | number> = { sessionId: s.id, votes: 0, origin: 'asamblea' };
	if (b.group) attrs.group = b.group;
	if (b.photoId != null) attrs.photoId = b.photoId;
	const properties: Record<string, unknown> = info.problem
		? { type: 'problema', problem: b.kind, state: 'propuesta', attrs }
		: { type: b.kind, state: 'propuesta', attrs };
	if (b.name) properties.name = b.name;
	if (b.community) properties.community = b.community;
	if (b.comment) properties.notes = b.comment;
	let input = toFeatureInput({ geometry: b.geometry, properties, status: 'borrador' }, 'borrador');
	const fam = FAMILY[input.geometry.type];
	if (!fam || !info.geometry.includes(fam))
		throw new ApiError(
			422,
			'GEOMETRY_WRONG_FOR_TYPE',
			`Este tipo de propuesta se dibuja como ${info.geometry.map((g) => ({ point: 'punto', line: 'línea', polygon: 'polígono' })[g]).join(' o ')}.`
		);
	input = await prepare(info.layer, input, b.geometry, null);
	const f = await repo.features.create(info.layer, input, auditContext(event));
	return noStore({ proposal: toProposal(f) }, 201, {
		location: `/api/collections/${info.layer}/features/${f.id}`
	});
}

async function sessionFeature(sessionId: number, layer: string, id: number): Promise<StoredFeature> {
	const f = await getRepository().features.get(layer, id);
	const attrs = (f?.properties.attrs ?? {}) as Record<string, unknown>;
	if (!f || attrs.sessionId !== sessionId) throw PROPOSAL_NOT_FOUND();
	return f;
}

/**
 * Read-modify-write with the feature's version; retried on a concurrent change (votes never get lost), after
 * a short random pause that grows with each conflict: with PostGIS, reads run truly in parallel with the
 * serialized writes, so 20 simultaneous votes would otherwise keep colliding.
 */
async function modify(
	sessionId: number,
	layer: string,
	id: number,
	ctx: AuditContext,
	change: (props: Record<string, unknown>, attrs: Record<string, unknown>) => void
): Promise<StoredFeature> {
	const repo = getRepository();
	for (let attempt = 0; attempt < 24; attempt++) {
		if (attempt > 0) await new Promise((r) => setTimeout(r, Math.random() * 4 * attempt));
		const f = await sessionFeature(sessionId, layer, id);
		const props = structuredClone(f.properties);
		const attrs = (props.attrs ?? {}) as Record<string, unknown>;
		change(props, attrs);
		props.attrs = attrs;
		const r = await repo.features.update(
			layer,
			id,
			f.version,
			{ geometry: f.geometry, bbox: f.bbox, properties: props, status: f.status },
			ctx
		);
		if (r.ok) return r.value;
		if (r.reason === 'not_found') throw PROPOSAL_NOT_FOUND();
	}
	throw new ApiError(409, 'VERSION_CONFLICT', CONFLICT_MESSAGE);
}

/** Dot-voting: `{ layer, id, delta: 1 | -1 }` → the proposal with its new count (never below 0). */
export async function vote(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'assembly:write');
	const s = await getOr404(numParam(event, 'id', NOT_FOUND));
	open(s);
	const b = parseOr400(voteSchema, await readJson(event.request), 'VOTE_INVALID');
	const f = await modify(s.id, b.layer, b.id, auditContext(event), (_p, a) => {
		const v = typeof a.votes === 'number' ? a.votes : 0;
		a.votes = Math.max(0, v + b.delta);
	});
	return noStore({ proposal: toProposal(f) });
}

/**
 * Promotion by the Comité (allowed after the session is closed too):
 * - an intervention proposal becomes `planificada` in place (same id, same audit history), with
 *   `attrs.promotedFrom = 'asamblea:<sessionId>'`;
 * - a problem gives rise to a NEW planned intervention of `type` (same geometry) with
 *   `attrs.promotedFrom = 'asamblea_problemas:<id>'`; the problem keeps `attrs.promotedTo = <new id>`.
 */
export async function promote(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'assembly:write');
	const s = await getOr404(numParam(event, 'id', NOT_FOUND));
	const b = parseOr400(promoteSchema, await readJson(event.request), 'PROMOTE_INVALID');
	const ctx = auditContext(event);
	const repo = getRepository();
	const f = await sessionFeature(s.id, b.layer, b.id);
	const a = (f.properties.attrs ?? {}) as Record<string, unknown>;
	const now = new Date().toISOString();
	if (b.layer === INTERVENTIONS) {
		if (f.properties.state !== 'propuesta' || a.promotedFrom)
			throw new ApiError(409, 'ALREADY_PROMOTED', 'Esta propuesta ya fue promovida.');
		const props = structuredClone(f.properties);
		props.state = 'planificada';
		if (b.name) props.name = b.name;
		props.attrs = { ...a, promotedFrom: `asamblea:${s.id}`, promotedAt: now };
		const input = await prepare(
			INTERVENTIONS,
			{ geometry: f.geometry, bbox: f.bbox, properties: props, status: f.status },
			f.geometry,
			f
		);
		const r = await repo.features.update(INTERVENTIONS, f.id, f.version, input, ctx);
		if (!r.ok) {
			if (r.reason === 'not_found') throw PROPOSAL_NOT_FOUND();
			throw new ApiError(409, 'VERSION_CONFLICT', CONFLICT_MESSAGE, { current: r.current });
		}
		return noStore({ proposal: toProposal(r.value), intervention: r.value });
	}
	if (typeof a.promotedTo === 'number')
		throw new ApiError(409, 'ALREADY_PROMOTED', 'Este problema ya dio lugar a una intervención.');
	if (!b.type)
		throw new ApiError(
			422,
			'PROMOTE_TYPE_REQUIRED',
			'Indique qué tipo de intervención responde a este problema.'
		);
	const props: Record<string, unknown> = {
		type: b.type,
		state: 'planificada',
		name:
			b.name ?? `Respuesta a ${f.properties.problem === 'erosion' ? 'erosión' : 'contaminación'} (asamblea)`,
		attrs: {
			sessionId: s.id,
			votes: typeof a.votes === 'number' ? a.votes : 0,
			origin: 'asamblea',
			promotedFrom: `${PROBLEMS_LAYER}:${f.id}`,
			promotedAt: now,
			...(typeof a.group === 'string' ? { group: a.group } : {})
		}
	};
	if (typeof f.properties.community === 'string') props.community = f.properties.community;
	if (typeof f.properties.notes === 'string') props.notes = f.properties.notes;
	const input = await prepare(
		INTERVENTIONS,
		{ geometry: f.geometry, bbox: f.bbox, properties: props, status: 'borrador' },
		f.geometry,
		null
	);
	const created = await repo.features.create(INTERVENTIONS, input, ctx);
	const updated = await modify(s.id, PROBLEMS_LAYER, f.id, ctx, (p, at) => {
		p.state = 'promovida';
		at.promotedTo = created.id;
		at.promotedAt = now;
	});
	return noStore({ proposal: toProposal(updated), intervention: created }, 201, {
		location: `/api/collections/${INTERVENTIONS}/features/${created.id}`
	});
}

/** Raw body (image/jpeg or image/png) with a hard cap, streamed. */
async function readImage(request: Request): Promise<{ mime: string; bytes: Uint8Array }> {
	const mime = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
	if (mime !== 'image/jpeg' && mime !== 'image/png')
		throw new ApiError(415, 'PHOTO_TYPE', 'La foto debe ser JPEG o PNG.');
	const tooLarge = () =>
		new ApiError(
			413,
			'PHOTO_TOO_LARGE',
			`La foto ocupa más de ${Math.round(PHOTO_MAX_BYTES / 1024)} KiB: redúzcala antes de subirla.`
		);
	const len = Number(request.headers.get('content-length'));
	if (Number.isFinite(len) && len > PHOTO_MAX_BYTES) throw tooLarge();
	if (!request.body) throw new ApiError(400, 'PHOTO_EMPTY', 'Falta la foto.');
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > PHOTO_MAX_BYTES) {
			await reader.cancel().catch(() => {});
			throw tooLarge();
		}
		chunks.push(value);
	}
	const bytes = new Uint8Array(Buffer.concat(chunks));
	const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
	const png =
		bytes.length > 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b);
	if ((mime === 'image/jpeg' && !jpeg) || (mime === 'image/png' && !png))
		throw new ApiError(422, 'PHOTO_INVALID', 'El archivo no es una imagen JPEG o PNG válida.');
	return { mime, bytes };
}

export async function uploadPhoto(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'assembly:write');
	const s = await getOr404(numParam(event, 'id', NOT_FOUND));
	open(s);
	const img = await readImage(event.request);
	const sha256 = createHash('sha256').update(img.bytes).digest('hex');
	try {
		const p = await getRepository().assemblies.addPhoto(s.id, { ...img, sha256 }, auditContext(event));
		return noStore({ photo: p }, 201, { location: `/api/sessions/${s.id}/photos/${p.id}` });
	} catch (e) {
		mapRepoError(e);
	}
}

export async function getPhoto(event: RequestEvent): Promise<Response> {
	const sid = numParam(event, 'id', NOT_FOUND);
	const pid = numParam(event, 'photo', () => new ApiError(404, 'PHOTO_NOT_FOUND', 'No existe esa foto.'));
	const p = await getRepository().assemblies.photo(sid, pid);
	if (!p) throw new ApiError(404, 'PHOTO_NOT_FOUND', 'No existe esa foto.');
	return new Response(p.bytes as Uint8Array<ArrayBuffer>, {
		headers: {
			'content-type': p.mime,
			'content-length': String(p.size),
			'cache-control': 'private, max-age=3600',
			'content-disposition': `inline; filename="foto-${p.id}.${p.mime === 'image/png' ? 'png' : 'jpg'}"`
		}
	});
}

/** The session's proposals as a file: GeoJSON (WGS84) or CSV (`;`, WKT geometry), via src/lib/geo/export. */
export async function exportProposals(event: RequestEvent, format: 'geojson' | 'csv'): Promise<Response> {
	const s = await getOr404(numParam(event, 'id', NOT_FOUND));
	const fc = proposalsToCollection(await proposalsOf(s.id));
	const name = `propuestas-sesion-${s.id}-${s.date}`;
	const file =
		format === 'geojson' ? exportGeoJSON(fc, { name }) : exportCSV(fc, { name, csvDelimiter: ';' });
	return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
		headers: {
			'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : file.mime,
			'content-disposition': `attachment; filename="${file.filename}"`,
			'cache-control': 'no-store'
		}
	});
}
