/**
 * OGC API – Features (Part 1 core + GeoJSON + OpenAPI 3.0, Part 2 CRS) served at /ogc. Each exported
 * function answers one resource; routes under src/routes/ogc only call these. JSON only (no HTML encoding).
 * Read-only: see docs/ogc.md for why transactions (Part 4) would bypass the review workflow.
 */
import { json } from '@sveltejs/kit';
import type { Feature } from 'geojson';
import { CRS84, DEFAULT_CRS, SUPPORTED_CRS, bboxToLonLat, geometryToCrs, parseCrs, type OgcCrs } from './crs';
import {
	getSource,
	listSources,
	type BBox,
	type CollectionSource,
	type OgcFeature,
	type Viewer
} from './sources';
import { buildOpenApi } from './openapi';

export const CONFORMANCE = [
	'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
	'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
	'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
	'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs'
] as const;

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 10_000;
const MAX_OFFSET = 10_000_000;

const JSON_TYPE = 'application/json';
const GEOJSON_TYPE = 'application/geo+json';
const OPENAPI_TYPE = 'application/vnd.oai.openapi+json;version=3.0';

/** Error with an OGC-style body `{code, description}` plus yaku's `message`. */
export class OgcError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string
	) {
		super(message);
	}
}

export function ogcErrorResponse(e: unknown): Response {
	if (e instanceof OgcError)
		return json(
			{ code: e.code, message: e.message, description: e.message },
			{ status: e.status, headers: { 'cache-control': 'no-store' } }
		);
	console.error('[yaku] /ogc error:', e);
	return json(
		{ code: 'INTERNAL', message: 'Error interno del servidor.', description: 'Error interno del servidor.' },
		{ status: 500, headers: { 'cache-control': 'no-store' } }
	);
}

/** Wraps a handler so every failure becomes an OGC exception JSON. */
export function ogc<A extends unknown[]>(fn: (...a: A) => Promise<Response>): (...a: A) => Promise<Response> {
	return async (...a) => {
		try {
			return await fn(...a);
		} catch (e) {
			return ogcErrorResponse(e);
		}
	};
}

const F_JSON = new Set(['json', 'geojson', 'application/json', 'application/geo+json']);

function checkF(url: URL): void {
	const f = url.searchParams.get('f');
	if (f !== null && !F_JSON.has(f.toLowerCase()))
		throw new OgcError(400, 'OGC_INVALID_PARAMETER', `Formato no disponible: f=${f} (solo json).`);
}

function base(url: URL): string {
	return `${url.origin}/ogc`;
}

function headers(contentType: string, priv = false, extra: Record<string, string> = {}) {
	return {
		'content-type': `${contentType}${contentType.includes(';') ? '' : '; charset=utf-8'}`,
		'cache-control': priv ? 'private, no-store' : 'no-cache',
		vary: 'cookie',
		...extra
	};
}

function respond(
	body: unknown,
	contentType: string,
	priv = false,
	extra: Record<string, string> = {}
): Response {
	return new Response(JSON.stringify(body), { headers: headers(contentType, priv, extra) });
}

// ---------------------------------------------------------------- landing, conformance, api

export async function landing(url: URL): Promise<Response> {
	checkF(url);
	const b = base(url);
	return respond(
		{
			title: 'yaku — OGC API Features',
			description:
				'Capas de referencia y obras publicadas de la microcuenca Piuray-Ccorimarca (Chinchero, Cusco). Solo lectura.',
			links: [
				{ href: `${b}`, rel: 'self', type: JSON_TYPE, title: 'Esta página' },
				{ href: `${b}/api`, rel: 'service-desc', type: OPENAPI_TYPE, title: 'Definición OpenAPI 3.0' },
				{ href: `${b}/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'Clases de conformidad' },
				{ href: `${b}/collections`, rel: 'data', type: JSON_TYPE, title: 'Colecciones' }
			]
		},
		JSON_TYPE
	);
}

export async function conformance(url: URL): Promise<Response> {
	checkF(url);
	return respond({ conformsTo: CONFORMANCE }, JSON_TYPE);
}

export async function openapi(url: URL, viewer: Viewer): Promise<Response> {
	checkF(url);
	const sources = await listSources(viewer);
	return respond(
		buildOpenApi(
			base(url),
			sources.map((s) => s.meta)
		),
		OPENAPI_TYPE
	);
}

// ---------------------------------------------------------------- collections

function collectionJson(b: string, s: CollectionSource) {
	const m = s.meta;
	const c = `${b}/collections/${encodeURIComponent(m.id)}`;
	return {
		id: m.id,
		title: m.title,
		description: m.description,
		itemType: 'feature',
		links: [
			{ href: c, rel: 'self', type: JSON_TYPE, title: m.title },
			{ href: `${c}/items`, rel: 'items', type: GEOJSON_TYPE, title: `${m.title} (GeoJSON)` },
			{
				href: `${c}/queryables`,
				rel: 'http://www.opengis.net/def/rel/ogc/1.0/queryables',
				type: 'application/schema+json',
				title: 'Propiedades filtrables'
			}
		],
		...(m.bbox ? { extent: { spatial: { bbox: [m.bbox], crs: CRS84 } } } : {}),
		crs: SUPPORTED_CRS,
		storageCrs: CRS84
	};
}

export async function collections(url: URL, viewer: Viewer): Promise<Response> {
	checkF(url);
	const b = base(url);
	const sources = await listSources(viewer);
	return respond(
		{
			links: [{ href: `${b}/collections`, rel: 'self', type: JSON_TYPE, title: 'Colecciones' }],
			collections: sources.map((s) => collectionJson(b, s)),
			crs: SUPPORTED_CRS
		},
		JSON_TYPE,
		viewer.readAll
	);
}

async function sourceOr404(id: string, viewer: Viewer): Promise<CollectionSource> {
	const s = await getSource(id, viewer);
	if (!s) throw new OgcError(404, 'OGC_COLLECTION_NOT_FOUND', `No existe la colección «${id}».`);
	return s;
}

export async function collection(url: URL, id: string, viewer: Viewer): Promise<Response> {
	checkF(url);
	const s = await sourceOr404(id, viewer);
	return respond(collectionJson(base(url), s), JSON_TYPE, s.meta.private);
}

export async function queryables(url: URL, id: string, viewer: Viewer): Promise<Response> {
	checkF(url);
	const s = await sourceOr404(id, viewer);
	const self = `${base(url)}/collections/${encodeURIComponent(id)}/queryables`;
	return respond(
		{
			$schema: 'https://json-schema.org/draft/2020-12/schema',
			$id: self,
			type: 'object',
			title: s.meta.title,
			properties: s.meta.queryables,
			additionalProperties: false
		},
		'application/schema+json',
		s.meta.private
	);
}

// ---------------------------------------------------------------- items

const RESERVED = new Set(['limit', 'offset', 'bbox', 'bbox-crs', 'crs', 'f', 'datetime']);

export interface ParsedItemsQuery {
	limit: number;
	offset: number;
	bbox?: BBox;
	crs: OgcCrs;
	filters: Record<string, string>;
}

function intParam(url: URL, name: string, def: number, min: number, max: number, clamp: boolean): number {
	const raw = url.searchParams.get(name);
	if (raw === null || raw === '') return def;
	if (!/^\d+$/.test(raw))
		throw new OgcError(400, 'OGC_INVALID_PARAMETER', `${name} debe ser un entero ≥ ${min}.`);
	const n = Number(raw);
	if (n < min) throw new OgcError(400, 'OGC_INVALID_PARAMETER', `${name} debe ser un entero ≥ ${min}.`);
	if (n > max) {
		if (clamp) return max;
		throw new OgcError(400, 'OGC_INVALID_PARAMETER', `${name} debe ser ≤ ${max}.`);
	}
	return n;
}

function crsParam(url: URL, name: string): OgcCrs {
	const raw = url.searchParams.get(name);
	if (raw === null || raw === '') return DEFAULT_CRS;
	const c = parseCrs(raw);
	if (!c)
		throw new OgcError(
			400,
			'OGC_CRS_UNSUPPORTED',
			`SRC no ofrecido: ${raw}. Use uno de: ${SUPPORTED_CRS.join(', ')}.`
		);
	return c;
}

/** Parses and checks the items query (unknown parameters → 400, as Part 1 requires). */
export function parseItemsQuery(url: URL, s: CollectionSource): ParsedItemsQuery {
	checkF(url);
	const filters: Record<string, string> = {};
	for (const [k, v] of url.searchParams) {
		if (RESERVED.has(k)) continue;
		if (!(k in s.meta.queryables))
			throw new OgcError(
				400,
				'OGC_INVALID_PARAMETER',
				`Parámetro desconocido: «${k}». Filtrables: ${Object.keys(s.meta.queryables).join(', ') || '(ninguno)'}.`
			);
		filters[k] = v;
	}
	const limit = intParam(url, 'limit', DEFAULT_LIMIT, 1, MAX_LIMIT, true);
	const offset = intParam(url, 'offset', 0, 0, MAX_OFFSET, false);
	const crs = crsParam(url, 'crs');
	let bbox: BBox | undefined;
	const rawBbox = url.searchParams.get('bbox');
	if (rawBbox !== null && rawBbox !== '') {
		const n = rawBbox.split(',').map((x) => Number(x.trim()));
		if (n.length === 6)
			throw new OgcError(400, 'OGC_INVALID_PARAMETER', 'bbox de 6 valores (3D) no está disponible: use 4.');
		if (n.length !== 4 || !n.every(Number.isFinite))
			throw new OgcError(400, 'OGC_INVALID_PARAMETER', 'bbox debe tener 4 números: minX,minY,maxX,maxY.');
		const bboxCrs = crsParam(url, 'bbox-crs');
		const b = n as BBox;
		if (b[0] > b[2] || b[1] > b[3])
			throw new OgcError(400, 'OGC_INVALID_PARAMETER', 'bbox: el mínimo supera al máximo.');
		bbox = bboxToLonLat(b, bboxCrs);
	} else if (url.searchParams.has('bbox-crs')) crsParam(url, 'bbox-crs');
	return { limit, offset, bbox, crs, filters };
}

function legacyCrsName(c: OgcCrs): string {
	return c.latLon ? 'urn:ogc:def:crs:EPSG::4326' : `urn:ogc:def:crs:EPSG::${c.epsg}`;
}

function featureJson(f: OgcFeature, crs: OgcCrs): Feature {
	return {
		type: 'Feature',
		id: f.id,
		geometry: geometryToCrs(f.geometry, crs) as Feature['geometry'],
		properties: f.properties
	};
}

function pageHref(url: URL, offset: number, limit: number): string {
	const u = new URL(url.href);
	u.searchParams.set('offset', String(offset));
	u.searchParams.set('limit', String(limit));
	return u.href;
}

export async function items(url: URL, id: string, viewer: Viewer): Promise<Response> {
	const s = await sourceOr404(id, viewer);
	const q = parseItemsQuery(url, s);
	const page = await s.items({ bbox: q.bbox, filters: q.filters, limit: q.limit, offset: q.offset });
	const c = `${base(url)}/collections/${encodeURIComponent(id)}`;
	const links = [
		{ href: url.href, rel: 'self', type: GEOJSON_TYPE, title: 'Esta página' },
		{ href: c, rel: 'collection', type: JSON_TYPE, title: s.meta.title }
	];
	if (q.offset + page.features.length < page.numberMatched && page.features.length > 0)
		links.push({
			href: pageHref(url, q.offset + page.features.length, q.limit),
			rel: 'next',
			type: GEOJSON_TYPE,
			title: 'Página siguiente'
		});
	if (q.offset > 0)
		links.push({
			href: pageHref(url, Math.max(0, q.offset - q.limit), q.limit),
			rel: 'prev',
			type: GEOJSON_TYPE,
			title: 'Página anterior'
		});
	return respond(
		{
			type: 'FeatureCollection',
			features: page.features.map((f) => featureJson(f, q.crs)),
			numberMatched: page.numberMatched,
			numberReturned: page.features.length,
			timeStamp: new Date().toISOString(),
			links,
			// Outside CRS84 the GeoJSON is no longer RFC 7946: also name the CRS the 2008 way, so that plain
			// GeoJSON readers (GDAL's GeoJSON driver, QGIS without OAPIF) place the coordinates right.
			...(q.crs.uri === CRS84 ? {} : { crs: { type: 'name', properties: { name: legacyCrsName(q.crs) } } })
		},
		GEOJSON_TYPE,
		s.meta.private,
		{ 'content-crs': `<${q.crs.uri}>` }
	);
}

export async function item(url: URL, id: string, featureId: string, viewer: Viewer): Promise<Response> {
	checkF(url);
	const s = await sourceOr404(id, viewer);
	for (const k of url.searchParams.keys())
		if (k !== 'crs' && k !== 'f')
			throw new OgcError(400, 'OGC_INVALID_PARAMETER', `Parámetro desconocido: «${k}».`);
	const crs = crsParam(url, 'crs');
	const f = await s.item(featureId);
	if (!f)
		throw new OgcError(404, 'OGC_FEATURE_NOT_FOUND', `No existe el elemento «${featureId}» en «${id}».`);
	const c = `${base(url)}/collections/${encodeURIComponent(id)}`;
	return respond(
		{
			...featureJson(f, crs),
			links: [
				{ href: `${c}/items/${encodeURIComponent(String(f.id))}`, rel: 'self', type: GEOJSON_TYPE },
				{ href: c, rel: 'collection', type: JSON_TYPE, title: s.meta.title }
			]
		},
		GEOJSON_TYPE,
		s.meta.private,
		{ 'content-crs': `<${crs.uri}>` }
	);
}
