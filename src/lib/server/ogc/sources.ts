/**
 * The collections served at /ogc: every available reference layer of the geodata catalogue, and the
 * editable layer `intervenciones` from the repository (anonymous callers see only `publicado`; staff with
 * `feature:read_all` see drafts too). Read-only by design (docs/ogc.md, decision 100).
 */
import type { Geometry, Position } from 'geojson';
import { LAYER_KIND_DEFS, isLayerKind } from '../../geo/layerKinds';
import { getLayer, listLayers } from '../geodata/catalogue';
import { getRepository } from '../repo';
import type { FeatureStatus, StoredFeature } from '../repo/types';

export type BBox = [number, number, number, number];

export interface OgcFeature {
	id: string | number;
	geometry: Geometry | null;
	properties: Record<string, unknown>;
	bbox: BBox | null;
}

export interface Queryable {
	type: 'string' | 'number' | 'integer' | 'boolean';
	title?: string;
	enum?: string[];
}

export interface CollectionMeta {
	id: string;
	title: string;
	description: string;
	/** lon/lat envelope, when known. */
	bbox: BBox | null;
	geometryType: string;
	queryables: Record<string, Queryable>;
	/** true when the content depends on who asks (drafts) → never shared-cached. */
	private: boolean;
}

export interface ItemsQuery {
	bbox?: BBox;
	/** property → wanted value (string comparison). */
	filters: Record<string, string>;
	limit: number;
	offset: number;
}

export interface ItemsPage {
	features: OgcFeature[];
	numberMatched: number;
}

export interface CollectionSource {
	meta: CollectionMeta;
	items(q: ItemsQuery): Promise<ItemsPage>;
	item(id: string): Promise<OgcFeature | null>;
}

export const INTERVENTIONS_LAYER = 'intervenciones';

/** Who is asking (decides whether drafts are visible). */
export interface Viewer {
	readAll: boolean;
}

function extendBBox(b: BBox, p: Position): void {
	const x = p[0]!;
	const y = p[1]!;
	if (x < b[0]) b[0] = x;
	if (y < b[1]) b[1] = y;
	if (x > b[2]) b[2] = x;
	if (y > b[3]) b[3] = y;
}

/** Envelope of a geometry (null for an empty or missing geometry). */
export function geometryBBox(g: Geometry | null): BBox | null {
	if (!g) return null;
	const b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
	const walk = (c: unknown): void => {
		if (Array.isArray(c) && typeof c[0] === 'number') extendBBox(b, c as Position);
		else if (Array.isArray(c)) for (const x of c) walk(x);
	};
	if (g.type === 'GeometryCollection') {
		for (const x of g.geometries) {
			const bb = geometryBBox(x);
			if (bb) {
				extendBBox(b, [bb[0], bb[1]]);
				extendBBox(b, [bb[2], bb[3]]);
			}
		}
	} else walk(g.coordinates);
	return Number.isFinite(b[0]) ? b : null;
}

export function intersects(a: BBox | null, b: BBox): boolean {
	return a !== null && a[2] >= b[0] && a[0] <= b[2] && a[3] >= b[1] && a[1] <= b[3];
}

function matches(props: Record<string, unknown>, filters: Record<string, string>): boolean {
	for (const [k, v] of Object.entries(filters)) {
		const p = props[k];
		if (p === undefined || p === null || String(p) !== v) return false;
	}
	return true;
}

function scalarType(v: unknown): Queryable['type'] | null {
	if (typeof v === 'string') return 'string';
	if (typeof v === 'boolean') return 'boolean';
	if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
	return null;
}

// ---------------------------------------------------------------- reference layers (catalogue)

interface ParsedLayer {
	etag: string;
	features: OgcFeature[];
	queryables: Record<string, Queryable>;
}

const parsedCache = new Map<string, ParsedLayer>();

function parseLayerBody(body: string, etag: string): ParsedLayer {
	const fc = JSON.parse(body) as {
		features: {
			id?: string | number;
			geometry: Geometry | null;
			properties: Record<string, unknown> | null;
		}[];
	};
	const queryables: Record<string, Queryable> = {};
	const features = fc.features.map((f, i) => {
		const properties = f.properties ?? {};
		for (const [k, v] of Object.entries(properties)) {
			const t = scalarType(v);
			if (!t) continue;
			const known = queryables[k];
			if (!known) queryables[k] = { type: t };
			else if (known.type !== t)
				known.type = known.type === 'integer' && t === 'number' ? 'number' : 'string';
		}
		return {
			id: typeof f.id === 'string' || typeof f.id === 'number' ? f.id : i + 1,
			geometry: f.geometry,
			properties,
			bbox: geometryBBox(f.geometry)
		};
	});
	return { etag, features, queryables };
}

async function referenceSource(id: string): Promise<CollectionSource | null> {
	const layer = await getLayer(id);
	if (!layer.found || layer.body === undefined) return null;
	let parsed = parsedCache.get(id);
	if (!parsed || parsed.etag !== layer.etag) {
		parsed = parseLayerBody(layer.body, layer.etag);
		parsedCache.set(id, parsed);
	}
	const p = parsed;
	const info = layer.info;
	const prov = info.provenance;
	const meta: CollectionMeta = {
		id,
		title: isLayerKind(id) ? LAYER_KIND_DEFS[id].nombre : id,
		description:
			`${info.illustrative ? 'Capa ilustrativa (sin fuente oficial). ' : ''}Fuente: ${prov.source}. ` +
			`Licencia: ${prov.licence}. Fecha: ${prov.date}. SRC de origen: ${prov.crs}.`,
		bbox: info.bbox ? [info.bbox[0], info.bbox[1], info.bbox[2], info.bbox[3]] : null,
		geometryType: info.geometryType,
		queryables: p.queryables,
		private: false
	};
	return {
		meta,
		async items(q) {
			const all = p.features.filter(
				(f) => (!q.bbox || intersects(f.bbox, q.bbox)) && matches(f.properties, q.filters)
			);
			return { features: all.slice(q.offset, q.offset + q.limit), numberMatched: all.length };
		},
		async item(fid) {
			return p.features.find((f) => String(f.id) === fid) ?? null;
		}
	};
}

// ---------------------------------------------------------------- intervenciones (repository)

const INTERVENTION_QUERYABLES: Record<string, Queryable> = {
	type: {
		type: 'string',
		title: 'Tipo de intervención',
		enum: [
			'zanja_infiltracion',
			'forestacion',
			'pastos_naturales',
			'proteccion_manante',
			'microreservorio',
			'anden'
		]
	},
	state: { type: 'string', title: 'Estado', enum: ['propuesta', 'planificada', 'en_ejecucion', 'ejecutada'] },
	projectId: { type: 'string', title: 'Proyecto' },
	community: { type: 'string', title: 'Comunidad' },
	name: { type: 'string', title: 'Nombre' }
};

/** OGC view of a stored feature: yaku's status/version/dates go into the properties. */
export function storedToOgc(f: StoredFeature): OgcFeature {
	return {
		id: f.id,
		geometry: f.geometry,
		properties: { ...f.properties, status: f.status, version: f.version, updatedAt: f.updatedAt },
		bbox: f.bbox
	};
}

/** Rows fetched per repository call when a property filter forces a scan. */
const SCAN_PAGE = 5000;

function interventionsSource(viewer: Viewer): CollectionSource {
	const statuses: FeatureStatus[] = viewer.readAll ? ['borrador', 'publicado'] : ['publicado'];
	const queryables: Record<string, Queryable> = { ...INTERVENTION_QUERYABLES };
	if (viewer.readAll)
		queryables.status = { type: 'string', title: 'Estado de revisión', enum: ['borrador', 'publicado'] };
	const meta: CollectionMeta = {
		id: INTERVENTIONS_LAYER,
		title: 'Intervenciones de infraestructura natural',
		description: viewer.readAll
			? 'Obras de infraestructura natural (borradores y publicadas: usted tiene sesión de revisión).'
			: 'Obras de infraestructura natural publicadas (revisadas). Los borradores no se publican aquí.',
		bbox: null,
		geometryType: 'any',
		queryables,
		private: viewer.readAll
	};
	const repo = () => getRepository().features;
	return {
		meta,
		async items(q) {
			const filters = { ...q.filters };
			let st = statuses;
			if (filters.status !== undefined) {
				st = statuses.filter((s) => s === filters.status);
				delete filters.status;
				if (st.length === 0) return { features: [], numberMatched: 0 };
			}
			if (Object.keys(filters).length === 0) {
				const page = await repo().list({
					layer: INTERVENTIONS_LAYER,
					statuses: st,
					bbox: q.bbox,
					limit: q.limit,
					offset: q.offset
				});
				return { features: page.features.map(storedToOgc), numberMatched: page.numberMatched };
			}
			const out: OgcFeature[] = [];
			let matched = 0;
			for (let offset = 0; ; offset += SCAN_PAGE) {
				const page = await repo().list({
					layer: INTERVENTIONS_LAYER,
					statuses: st,
					bbox: q.bbox,
					limit: SCAN_PAGE,
					offset
				});
				for (const f of page.features) {
					const o = storedToOgc(f);
					if (!matches(o.properties, filters)) continue;
					if (matched >= q.offset && out.length < q.limit) out.push(o);
					matched++;
				}
				if (page.features.length < SCAN_PAGE) break;
			}
			return { features: out, numberMatched: matched };
		},
		async item(fid) {
			if (!/^\d{1,15}$/.test(fid)) return null;
			const f = await repo().get(INTERVENTIONS_LAYER, Number(fid));
			if (!f || !statuses.includes(f.status)) return null;
			return storedToOgc(f);
		}
	};
}

// ---------------------------------------------------------------- registry

/** All collections visible to `viewer`, reference layers first (draw order), then intervenciones. */
export async function listSources(viewer: Viewer): Promise<CollectionSource[]> {
	const layers = await listLayers();
	const refs = await Promise.all(layers.filter((l) => l.status === 'ok').map((l) => referenceSource(l.id)));
	return [...refs.filter((s): s is CollectionSource => s !== null), interventionsSource(viewer)];
}

export async function getSource(id: string, viewer: Viewer): Promise<CollectionSource | null> {
	if (id === INTERVENTIONS_LAYER) return interventionsSource(viewer);
	return referenceSource(id);
}
