/**
 * Handlers of the import routes (issue 6). Roles are checked here again (the route policy decides first).
 *
 *   GET    /api/imports                         staff: every import record, newest first
 *   GET    /api/imports/layers                  all: generic imported layers visible to the caller
 *   POST   /api/imports/layers                  comite/admin: a new imported layer (generic or known kind)
 *   GET    /api/imports/layers/:id              all: its FeatureCollection (anonymous: published only)
 *   DELETE /api/imports/layers/:id              comite/admin: delete a generic imported layer
 *   POST   /api/imports/layers/:id/status       revisor/admin: publish / unpublish all its features
 *   POST   /api/interventions/bulk              comite/admin: many interventions, one transaction
 *
 * JSON shapes: docs/import-export.md.
 */
import { json, type RequestEvent } from '@sveltejs/kit';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { z } from 'zod';
import { auditContext } from '../audit/context';
import { AUDIT_ACTIONS } from '../audit/actions';
import { can, requireCapability } from '../auth/handle';
import { ApiError } from '../http/errors';
import { REVIEW_WORKFLOW_MESSAGE } from '../http/features';
import { getRepository } from '../repo';
import type { FeatureInput, FeatureStatus } from '../repo/types';
import { propertiesSchema } from '../schemas/feature';
import { validateGeometry } from '../schemas/geometry';
import { interventionsRule } from '../interventions/rule';
import { refreshInterventionWarnings } from '../interventions/refreshWarnings';
import { INTERVENTIONS_LAYER } from '../interventions/schema';
import { LAYER_KINDS, LAYER_KIND_DEFS, ZEE_CATEGORIAS, type LayerKind } from '../../geo/layerKinds';
import { validateGeoJSON } from '../../geo/validateGeoJSON';
import { readImportJson } from './body';
import { checksumOf, writeReferenceLayer } from './referenceLayer';
import type { ImportGeometryType, ImportRecord } from './types';

/** Most features accepted in one generic layer / one intervention batch. */
export const MAX_LAYER_FEATURES = 50_000;
export const MAX_BULK_INTERVENTIONS = 5_000;
/** Per-feature errors returned at most. */
const MAX_ERRORS = 200;
export const IMPORTED_LAYER_PREFIX = 'import-';

const text = (max: number) => z.string().trim().min(1).max(max);

const provenanceSchema = z
	.object({
		source: text(500).optional(),
		producer: text(300).optional(),
		licence: text(200).optional(),
		attribution: text(300).optional(),
		date: text(40).optional(),
		notes: text(2000).optional()
	})
	.strict();

const warningSchema = z.object({ code: z.string().max(64), message: z.string().max(1000) });

const featureSchema = z.object({
	type: z.literal('Feature').optional(),
	id: z.unknown().optional(),
	geometry: z.unknown(),
	properties: z.record(z.string(), z.unknown()).nullish()
});

const common = {
	sourceFile: text(255),
	sourceFormat: z.string().max(20).optional(),
	sourceCrs: z.string().max(200).optional(),
	/** Invalid features the wizard listed and skipped. */
	skipped: z.number().int().min(0).max(10_000_000).default(0),
	warnings: z.array(warningSchema).max(50).default([]),
	status: z.enum(['borrador', 'publicado']).default('borrador')
};

export const layerImportSchema = z
	.object({
		name: text(200),
		/** Optional id of a generic layer: `import-<slug>` or just `<slug>`. */
		id: z.string().max(64).optional(),
		/** Replace the catalogue layer of this kind instead of creating a generic layer. */
		kind: z.enum(LAYER_KINDS).optional(),
		provenance: provenanceSchema.default({}),
		features: z.array(featureSchema).min(1).max(MAX_LAYER_FEATURES),
		...common
	})
	.strict();

export const bulkSchema = z
	.object({
		features: z.array(featureSchema).min(1).max(MAX_BULK_INTERVENTIONS),
		provenance: provenanceSchema.default({}),
		...common
	})
	.strict();

function parseBody<T>(schema: z.ZodType<T>, value: unknown): T {
	const r = schema.safeParse(value);
	if (r.success) return r.data;
	const issues = r.error.issues
		.slice(0, 10)
		.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
	throw new ApiError(
		400,
		'VALIDATION_ERROR',
		`Datos inválidos: ${issues[0]?.path || '(raíz)'}: ${issues[0]?.message ?? ''}`,
		{ issues }
	);
}

/** `Parcelas SEDACUSCO 2024` → `parcelas-sedacusco-2024`. */
export function slugify(s: string): string {
	const out = s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 48)
		.replace(/-+$/, '');
	return out || 'capa';
}

export function importedLayerId(slugOrId: string): string {
	const s = slugOrId.startsWith(IMPORTED_LAYER_PREFIX)
		? slugOrId.slice(IMPORTED_LAYER_PREFIX.length)
		: slugOrId;
	return IMPORTED_LAYER_PREFIX + slugify(s);
}

export function isImportedLayerId(id: string): boolean {
	return /^import-[a-z0-9](?:[a-z0-9-]{0,56})$/.test(id);
}

function family(t: string): ImportGeometryType {
	if (t === 'Point' || t === 'MultiPoint') return 'point';
	if (t === 'LineString' || t === 'MultiLineString') return 'line';
	return 'polygon';
}

function bboxOf(inputs: FeatureInput[]): [number, number, number, number] | null {
	if (inputs.length === 0) return null;
	const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
	for (const f of inputs) {
		b[0] = Math.min(b[0], f.bbox[0]);
		b[1] = Math.min(b[1], f.bbox[1]);
		b[2] = Math.max(b[2], f.bbox[2]);
		b[3] = Math.max(b[3], f.bbox[3]);
	}
	return b;
}

interface FeatureError {
	index: number;
	code: string;
	message: string;
	[k: string]: unknown;
}

function failIfErrors(errors: FeatureError[], total: number): void {
	if (errors.length === 0) return;
	throw new ApiError(
		422,
		'IMPORT_FEATURES_INVALID',
		`${errors.length >= MAX_ERRORS ? `${MAX_ERRORS} o más` : errors.length} de ${total} entidades no son válidas; no se guardó nada. Corrija o excluya las indicadas.`,
		{ errors: errors.slice(0, MAX_ERRORS) }
	);
}

/** Generic structural validation of every feature: all errors collected (up to MAX_ERRORS). */
function toInputs(
	features: z.infer<typeof featureSchema>[],
	status: FeatureStatus
): { inputs: FeatureInput[]; raw: unknown[]; errors: FeatureError[] } {
	const inputs: FeatureInput[] = [];
	const raw: unknown[] = [];
	const errors: FeatureError[] = [];
	features.forEach((f, index) => {
		if (errors.length >= MAX_ERRORS) return;
		const g = validateGeometry(f.geometry);
		if (!g.valid) {
			errors.push({ index, code: g.code, message: g.message });
			return;
		}
		const p = propertiesSchema.safeParse(f.properties ?? {});
		if (!p.success) {
			errors.push({
				index,
				code: 'INVALID_PROPERTIES',
				message: p.error.issues[0]?.message ?? 'Propiedades inválidas.'
			});
			return;
		}
		inputs.push({ geometry: g.geometry, bbox: g.bbox, properties: p.data, status });
		raw.push(f.geometry);
	});
	return { inputs, raw, errors };
}

function checkStatus(event: RequestEvent, status: FeatureStatus): void {
	if (status !== 'borrador' && !can(event.locals, 'feature:publish'))
		throw new ApiError(403, 'FORBIDDEN_STATUS', 'Su rol no puede publicar: importe como borrador.');
}

/** What GET /api/imports/layers lists (and what the main map's layer panel needs). */
export interface ImportedLayerInfo {
	id: string;
	importId: number;
	name: string;
	geometryType: ImportGeometryType | null;
	/** Features the caller can see. */
	featureCount: number;
	counts: { borrador: number; publicado: number };
	bbox: [number, number, number, number] | null;
	sourceFile: string;
	sourceFormat: string | null;
	sourceCrs: string | null;
	importedAt: string;
	importedBy: string | null;
	skippedCount: number;
	/** Same shape as a catalogue layer's provenance (LayerProvenance) + notes. */
	provenance: {
		source: string;
		producer?: string;
		licence: string;
		attribution?: string;
		crs: 'EPSG:4326';
		sourceCrs: string | null;
		date: string;
		transformation: string;
		featureCount: number;
		loadedAt: string;
		notes?: string;
	};
	/** GET this for the FeatureCollection. */
	data: string;
}

function str(v: unknown): string | undefined {
	return typeof v === 'string' && v.trim() ? v : undefined;
}

export function transformationText(
	r: Pick<ImportRecord, 'sourceFile' | 'sourceFormat' | 'sourceCrs' | 'skippedCount' | 'createdByUsername'>
): string {
	const steps = [
		`importado con el asistente de yaku desde «${r.sourceFile}»${r.sourceFormat ? ` (${r.sourceFormat})` : ''}`
	];
	if (r.sourceCrs && r.sourceCrs !== 'EPSG:4326')
		steps.push(`reproyectado de ${r.sourceCrs} a EPSG:4326 con proj4`);
	if (r.skippedCount > 0) steps.push(`${r.skippedCount} entidades inválidas omitidas`);
	if (r.createdByUsername) steps.push(`por ${r.createdByUsername}`);
	return steps.join('; ');
}

async function layerInfo(rec: ImportRecord, seeAll: boolean): Promise<ImportedLayerInfo> {
	const counts = await getRepository().imports.statusCounts(rec.layer);
	const featureCount = seeAll ? counts.borrador + counts.publicado : counts.publicado;
	const p = rec.provenance;
	const provenance: ImportedLayerInfo['provenance'] = {
		source: str(p.source) ?? `archivo ${rec.sourceFile} (procedencia no declarada)`,
		licence: str(p.licence) ?? 'no declarada',
		crs: 'EPSG:4326',
		sourceCrs: rec.sourceCrs,
		date: str(p.date) ?? 'no declarada',
		transformation: transformationText(rec),
		featureCount,
		loadedAt: rec.createdAt
	};
	if (str(p.producer)) provenance.producer = str(p.producer);
	if (str(p.attribution)) provenance.attribution = str(p.attribution);
	if (str(p.notes)) provenance.notes = str(p.notes);
	return {
		id: rec.layer,
		importId: rec.id,
		name: rec.name,
		geometryType: rec.geometryType,
		featureCount,
		counts,
		bbox: rec.bbox,
		sourceFile: rec.sourceFile,
		sourceFormat: rec.sourceFormat,
		sourceCrs: rec.sourceCrs,
		importedAt: rec.createdAt,
		importedBy: rec.createdByUsername,
		skippedCount: rec.skippedCount,
		provenance,
		data: `/api/imports/layers/${rec.layer}`
	};
}

const NO_STORE = { 'cache-control': 'no-store' };

/** GET /api/imports/layers */
export async function listImportedLayers(event: RequestEvent): Promise<Response> {
	const seeAll = can(event.locals, 'feature:read_all');
	const recs = await getRepository().imports.list('layer');
	const layers = (await Promise.all(recs.map((r) => layerInfo(r, seeAll)))).filter(
		(l) => seeAll || l.featureCount > 0
	);
	return json({ layers }, { headers: NO_STORE });
}

/** GET /api/imports (staff) */
export async function listImports(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'feature:read_all');
	const recs = await getRepository().imports.list();
	return json(
		{ imports: recs.map(({ featureIds, ...r }) => ({ ...r, featureIds: featureIds.slice(0, 1000) })) },
		{ headers: NO_STORE }
	);
}

function layerParam(event: RequestEvent): string {
	const id = (event.params as Record<string, string | undefined>).id ?? '';
	if (!isImportedLayerId(id)) throw new ApiError(404, 'LAYER_NOT_FOUND', 'No existe esa capa importada.');
	return id;
}

/** GET /api/imports/layers/:id */
export async function getImportedLayer(event: RequestEvent): Promise<Response> {
	const id = layerParam(event);
	const repo = getRepository();
	const rec = await repo.imports.getLayer(id);
	if (!rec) throw new ApiError(404, 'LAYER_NOT_FOUND', 'No existe esa capa importada.');
	const statuses: FeatureStatus[] = can(event.locals, 'feature:read_all')
		? ['borrador', 'publicado']
		: ['publicado'];
	const page = await repo.features.list({ layer: id, statuses, limit: MAX_LAYER_FEATURES, offset: 0 });
	if (page.features.length === 0 && !can(event.locals, 'feature:read_all'))
		throw new ApiError(404, 'LAYER_NOT_FOUND', 'No existe esa capa importada.');
	const fc = {
		type: 'FeatureCollection',
		name: rec.name,
		features: page.features.map((f) => ({
			type: 'Feature',
			id: f.id,
			geometry: f.geometry,
			properties: { ...f.properties, _id: f.id, _status: f.status }
		}))
	};
	return new Response(JSON.stringify(fc), {
		headers: { 'content-type': 'application/geo+json; charset=utf-8', ...NO_STORE }
	});
}

/** DELETE /api/imports/layers/:id */
export async function deleteImportedLayer(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'feature:write');
	const id = layerParam(event);
	const rec = await getRepository().imports.deleteLayer(
		id,
		AUDIT_ACTIONS.importLayerDelete,
		auditContext(event)
	);
	if (!rec) throw new ApiError(404, 'LAYER_NOT_FOUND', 'No existe esa capa importada.');
	return json({ id, deleted: true }, { headers: NO_STORE });
}

/** POST /api/imports/layers/:id/status  {status} */
export async function setImportedLayerStatus(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'feature:publish');
	const id = layerParam(event);
	const body = parseBody(
		z.object({ status: z.enum(['borrador', 'publicado']) }).strict(),
		await readImportJson(event.request)
	);
	const r = await getRepository().imports.setLayerStatus(
		id,
		body.status,
		AUDIT_ACTIONS.importLayerStatus,
		auditContext(event)
	);
	if (!r) throw new ApiError(404, 'LAYER_NOT_FOUND', 'No existe esa capa importada.');
	return json({ id, status: body.status, changed: r.changed }, { headers: NO_STORE });
}

function geometryTypeOf(inputs: FeatureInput[]): ImportGeometryType | null {
	const fams = new Set(inputs.map((f) => family(f.geometry.type)));
	if (fams.size === 0) return null;
	return fams.size === 1 ? ([...fams][0] as ImportGeometryType) : 'mixed';
}

/** POST /api/imports/layers */
export async function createImportedLayer(event: RequestEvent): Promise<Response> {
	const user = requireCapability(event.locals, 'feature:write');
	const body = parseBody(layerImportSchema, await readImportJson(event.request));
	checkStatus(event, body.status);
	const repo = getRepository();
	const ctx = auditContext(event);
	const { inputs, errors } = toInputs(body.features, body.status);
	failIfErrors(errors, body.features.length);
	const bbox = bboxOf(inputs);
	const geometryType = geometryTypeOf(inputs);

	if (body.kind) return createReferenceLayer(event, body, body.kind, inputs, user.username);

	// a generic layer: `import-<slug>`, a free suffix when the name's slug is taken (an explicit id must be free)
	let layer = importedLayerId(body.id ?? body.name);
	if (!isImportedLayerId(layer)) throw new ApiError(400, 'INVALID_LAYER', 'Identificador de capa inválido.');
	if (!body.id) {
		const base = layer.slice(0, 54);
		for (let n = 2; (await repo.imports.getLayer(layer)) && n < 1000; n++) layer = `${base}-${n}`;
	}
	let rec: ImportRecord;
	try {
		rec = await repo.imports.create(
			{
				target: 'layer',
				layer,
				name: body.name,
				sourceFile: body.sourceFile,
				sourceFormat: body.sourceFormat ?? null,
				sourceCrs: body.sourceCrs ?? null,
				geometryType,
				skippedCount: body.skipped,
				bbox,
				provenance: { ...body.provenance, warnings: body.warnings }
			},
			inputs,
			AUDIT_ACTIONS.importLayer,
			ctx
		);
	} catch (e) {
		if ((e as { code?: string }).code === 'IMPORT_LAYER_TAKEN')
			throw new ApiError(
				409,
				'IMPORT_LAYER_TAKEN',
				`Ya existe una capa importada «${layer}»: elija otro nombre.`
			);
		throw e;
	}
	const info = await layerInfo(rec, true);
	return json(
		{ target: 'layer', import: { ...rec, featureIds: undefined }, layer: info },
		{ status: 201, headers: { location: info.data, ...NO_STORE } }
	);
}

async function createReferenceLayer(
	event: RequestEvent,
	body: z.infer<typeof layerImportSchema>,
	kind: LayerKind,
	inputs: FeatureInput[],
	username: string
): Promise<Response> {
	if (!body.provenance.source)
		throw new ApiError(
			422,
			'IMPORT_PROVENANCE_REQUIRED',
			'Para reemplazar una capa de referencia indique la fuente de los datos (procedencia).'
		);
	const def = LAYER_KIND_DEFS[kind];
	const fc: FeatureCollection = {
		type: 'FeatureCollection',
		features: inputs.map((f): Feature => ({
			type: 'Feature',
			geometry: f.geometry as Geometry,
			properties: f.properties
		}))
	};
	const checked = validateGeoJSON(fc, { geometryType: def.geometryType, maxFeatures: MAX_LAYER_FEATURES });
	if (!checked.valid)
		throw new ApiError(
			422,
			'IMPORT_WRONG_GEOMETRY_FOR_LAYER',
			`No sirve como capa «${def.nombre}»: ${checked.message}`,
			{
				reason: checked.reason
			}
		);
	if (kind === 'zee') {
		const bad = fc.features.findIndex(
			(f) => !(ZEE_CATEGORIAS as readonly string[]).includes(String(f.properties?.categoria ?? ''))
		);
		if (bad >= 0)
			throw new ApiError(
				422,
				'IMPORT_ZEE_CATEGORY',
				`La entidad ${bad} no tiene una «categoria» ZEE válida (${ZEE_CATEGORIAS.join(', ')}). Asigne la columna en el asistente.`,
				{ index: bad }
			);
	}
	const now = new Date().toISOString();
	const skipped = body.skipped;
	const transformation = transformationText({
		sourceFile: body.sourceFile,
		sourceFormat: body.sourceFormat ?? null,
		sourceCrs: body.sourceCrs ?? null,
		skippedCount: skipped,
		createdByUsername: username
	});
	const provenance = {
		kind,
		source: body.provenance.source,
		licence: body.provenance.licence ?? 'no declarada',
		crs: 'EPSG:4326',
		sourceCrs: body.sourceCrs ?? 'no declarado',
		date: body.provenance.date ?? 'no declarada',
		transformation,
		featureCount: checked.featureCount,
		checksum: checksumOf(checked.featureCollection),
		sourceFile: body.sourceFile,
		loadedAt: now,
		illustrative: false,
		loader: 'yaku import wizard',
		importedBy: username,
		...(body.provenance.producer ? { producer: body.provenance.producer } : {}),
		...(body.provenance.attribution ? { attribution: body.provenance.attribution } : {}),
		...(body.provenance.notes ? { notes: body.provenance.notes } : {})
	};
	let backups: string[];
	try {
		backups = await writeReferenceLayer({ kind, fc: checked.featureCollection, provenance });
	} catch (e) {
		throw new ApiError(
			500,
			'IMPORT_WRITE_ERROR',
			`No se pudo escribir la capa en el servidor: ${(e as Error).message}`
		);
	}
	const rec = await getRepository().imports.create(
		{
			target: 'reference',
			layer: kind,
			name: body.name,
			sourceFile: body.sourceFile,
			sourceFormat: body.sourceFormat ?? null,
			sourceCrs: body.sourceCrs ?? null,
			geometryType: def.geometryType,
			skippedCount: skipped,
			bbox: checked.bbox ?? null,
			provenance: { ...provenance, backups, warnings: body.warnings }
		},
		[],
		AUDIT_ACTIONS.importReference,
		auditContext(event)
	);
	// interventions' stored warnings depend on these two layers (decision 112)
	const warningsRefreshed =
		kind === 'zee' || kind === 'microcuenca'
			? await refreshInterventionWarnings(
					getRepository(),
					{},
					{ cause: kind === 'zee' ? 'zee_layer' : 'microcuenca_layer' },
					auditContext(event)
				)
			: undefined;
	return json(
		{
			target: 'reference',
			import: { ...rec, featureIds: undefined },
			kind,
			featureCount: checked.featureCount,
			backups,
			...(warningsRefreshed ? { warningsRefreshed } : {})
		},
		{ status: 201, headers: { location: `/api/layers/${kind}`, ...NO_STORE } }
	);
}

/** POST /api/interventions/bulk — every feature through the `intervenciones` layer rule; all or nothing. */
export async function bulkInterventions(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'feature:write');
	const body = parseBody(bulkSchema, await readImportJson(event.request));
	checkStatus(event, body.status);
	// an intervention is published only by the review workflow (docs/review.md), never by an import
	if (body.status !== 'borrador')
		throw new ApiError(409, 'REVIEW_WORKFLOW_REQUIRED', REVIEW_WORKFLOW_MESSAGE);
	const repo = getRepository();
	const { inputs, raw, errors } = toInputs(body.features, body.status);
	// the same rule as single creates (properties, geometry per type, measures, warnings); indices kept
	const prepared: FeatureInput[] = [];
	const structurallyBad = new Set(errors.map((e) => e.index));
	const okIndex = body.features.map((_f, i) => i).filter((i) => !structurallyBad.has(i));
	for (let k = 0; k < inputs.length && errors.length < MAX_ERRORS; k++) {
		const index = okIndex[k] as number;
		try {
			prepared.push(
				await interventionsRule.prepare({
					layer: INTERVENTIONS_LAYER,
					rawGeometry: raw[k],
					input: inputs[k] as FeatureInput,
					current: null,
					repo
				})
			);
		} catch (e) {
			if (e instanceof ApiError) errors.push({ index, code: e.code, message: e.message, ...e.extra });
			else throw e;
		}
	}
	errors.sort((a, b) => a.index - b.index);
	failIfErrors(errors, body.features.length);
	const rec = await repo.imports.create(
		{
			target: 'interventions',
			layer: INTERVENTIONS_LAYER,
			name: body.sourceFile,
			sourceFile: body.sourceFile,
			sourceFormat: body.sourceFormat ?? null,
			sourceCrs: body.sourceCrs ?? null,
			geometryType: geometryTypeOf(prepared),
			skippedCount: body.skipped,
			bbox: bboxOf(prepared),
			provenance: { ...body.provenance, warnings: body.warnings }
		},
		prepared,
		AUDIT_ACTIONS.importInterventions,
		auditContext(event)
	);
	const warnings = prepared.reduce(
		(n, f) => n + (Array.isArray(f.properties.warnings) ? f.properties.warnings.length : 0),
		0
	);
	return json(
		{
			target: 'interventions',
			import: { ...rec, featureIds: undefined },
			ids: rec.featureIds,
			count: prepared.length,
			warnings
		},
		{ status: 201, headers: NO_STORE }
	);
}
