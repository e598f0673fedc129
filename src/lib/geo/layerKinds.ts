/**
 * Layer kinds of the yaku map and the JSON shapes of the layer catalogue API
 * (`GET /api/layers`, `GET /api/layers/[id]`). Pure: shared by server and client.
 */

export const LAYER_KINDS = [
	'distritos_vecinos',
	'distrito',
	'zee',
	'comunidades',
	'microcuenca',
	'laguna',
	'quebradas',
	'manantes',
	'centros_poblados'
] as const;

export type LayerKind = (typeof LAYER_KINDS)[number];

/** Simplified geometry family of a layer kind. */
export type LayerGeometryType = 'polygon' | 'line' | 'point';

export interface LayerKindDef {
	kind: LayerKind;
	geometryType: LayerGeometryType;
	/** Default draw order: lower is drawn first (underneath). */
	drawOrder: number;
	/** Spanish display name (the i18n catalogue may override it). */
	nombre: string;
	/** Whether the project ships an illustrative demo layer of this kind in `geodata/`. */
	hasDemo: boolean;
}

export const LAYER_KIND_DEFS: Readonly<Record<LayerKind, LayerKindDef>> = {
	distritos_vecinos: {
		kind: 'distritos_vecinos',
		geometryType: 'polygon',
		drawOrder: 10,
		nombre: 'Distritos vecinos',
		hasDemo: false
	},
	distrito: {
		kind: 'distrito',
		geometryType: 'polygon',
		drawOrder: 20,
		nombre: 'Distrito de Chinchero',
		hasDemo: false
	},
	zee: { kind: 'zee', geometryType: 'polygon', drawOrder: 30, nombre: 'Zonificación (ZEE)', hasDemo: true },
	comunidades: {
		kind: 'comunidades',
		geometryType: 'polygon',
		drawOrder: 40,
		nombre: 'Comunidades campesinas',
		hasDemo: true
	},
	microcuenca: {
		kind: 'microcuenca',
		geometryType: 'polygon',
		drawOrder: 50,
		nombre: 'Microcuenca Piuray-Ccorimarca',
		hasDemo: true
	},
	laguna: { kind: 'laguna', geometryType: 'polygon', drawOrder: 60, nombre: 'Laguna Piuray', hasDemo: true },
	quebradas: { kind: 'quebradas', geometryType: 'line', drawOrder: 70, nombre: 'Quebradas', hasDemo: true },
	manantes: { kind: 'manantes', geometryType: 'point', drawOrder: 80, nombre: 'Manantes', hasDemo: true },
	centros_poblados: {
		kind: 'centros_poblados',
		geometryType: 'point',
		drawOrder: 90,
		nombre: 'Centros poblados',
		hasDemo: false
	}
};

/** GeoJSON geometry types accepted for each geometry family. */
export const GEOMETRY_TYPES_FOR: Readonly<Record<LayerGeometryType, readonly string[]>> = {
	polygon: ['Polygon', 'MultiPolygon'],
	line: ['LineString', 'MultiLineString'],
	point: ['Point', 'MultiPoint']
};

/** The five ZEE categories of D.S. N° 087-2004-PCM, art. 9 (property `categoria` of the `zee` layer). */
export const ZEE_CATEGORIAS = [
	'productiva',
	'proteccion_conservacion',
	'tratamiento_especial',
	'recuperacion',
	'urbano_industrial'
] as const;
export type ZeeCategoria = (typeof ZEE_CATEGORIAS)[number];

export function isLayerKind(value: unknown): value is LayerKind {
	return typeof value === 'string' && (LAYER_KINDS as readonly string[]).includes(value);
}

/** Layer kinds sorted by default draw order (bottom first). */
export function layerKindsByDrawOrder(): LayerKind[] {
	return [...LAYER_KINDS].sort((a, b) => LAYER_KIND_DEFS[a].drawOrder - LAYER_KIND_DEFS[b].drawOrder);
}

/** Stable error codes of a layer that cannot be served. */
export type LayerUnavailableReason = 'GEODATA_MISSING' | 'GEODATA_PARSE_ERROR' | 'GEODATA_INVALID';

export type LayerStatus = 'ok' | 'unavailable';

export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

export interface LayerProvenance {
	/** Where the data comes from (dataset / publication / "dibujado por el equipo yaku…"). */
	source: string;
	producer?: string;
	licence: string;
	/** CRS of the served data (always EPSG:4326 after loading) and, if different, of the source. */
	crs: string;
	/** Date of the source data (ISO date or year). */
	date: string;
	/** What was done to the geometry on the way in ("ninguna", "reproyectado de EPSG:32718 …"). */
	transformation: string;
	featureCount: number;
	/** Credit line to show on the map. */
	attribution?: string;
	/** ISO timestamp when `npm run load-geodata` loaded it (real layers only). */
	loadedAt?: string;
}

export interface LayerInfo {
	/** Same as `kind`: one layer per kind. */
	id: string;
	kind: LayerKind;
	geometryType: LayerGeometryType;
	status: LayerStatus;
	reason?: LayerUnavailableReason;
	/** Spanish explanation when unavailable. */
	message?: string;
	/** true for the project's drawn demo layers ("ilustrativo — sin fuente oficial"). */
	illustrative: boolean;
	featureCount: number;
	bbox?: BBox;
	drawOrder: number;
	provenance: LayerProvenance;
}

/** `GET /api/layers` */
export interface LayerListResponse {
	layers: LayerInfo[];
}

/** Error body of `GET /api/layers/[id]` (404 LAYER_NOT_FOUND, 503 when unavailable). */
export interface LayerErrorResponse {
	code: 'LAYER_NOT_FOUND' | LayerUnavailableReason;
	message: string;
}
