/**
 * Structural validation of a parsed GeoJSON FeatureCollection in WGS84 lon/lat (RFC 7946).
 *
 * Guards against the "silent wrong data" hazards of docs `parser-hazards.md`: non-finite or
 * out-of-range coordinates (projected metres read as degrees), unclosed or 2-point rings, a polygon
 * holding point coordinates, a legacy non-WGS84 `crs` member, unbounded nesting. The walk follows the
 * fixed GeoJSON structure (no recursion on input depth), so hostile nesting cannot overflow the stack.
 * Pure: no I/O, no DOM. Messages are Spanish; `reason` is a stable machine code.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { GEOMETRY_TYPES_FOR, type BBox, type LayerGeometryType } from './layerKinds';

export type GeoJSONInvalidReason =
	| 'NOT_FEATURE_COLLECTION'
	| 'NOT_FEATURE'
	| 'NULL_GEOMETRY'
	| 'UNSUPPORTED_GEOMETRY'
	| 'WRONG_GEOMETRY_FOR_LAYER'
	| 'BAD_COORDINATES'
	| 'NON_FINITE_COORDINATE'
	| 'OUT_OF_RANGE_COORDINATE'
	| 'TOO_FEW_POSITIONS'
	| 'RING_NOT_CLOSED'
	| 'NOT_WGS84_CRS'
	| 'TOO_LARGE'
	| 'EMPTY';

export interface GeoJSONValidOk {
	valid: true;
	featureCollection: FeatureCollection;
	featureCount: number;
	positionCount: number;
	/** Undefined only for an empty collection. */
	bbox: BBox | undefined;
}

export interface GeoJSONValidError {
	valid: false;
	code: 'GEODATA_INVALID';
	reason: GeoJSONInvalidReason;
	/** Spanish explanation, naming the feature index when relevant. */
	message: string;
}

export type GeoJSONValidation = GeoJSONValidOk | GeoJSONValidError;

export interface ValidateGeoJSONOptions {
	/** Only accept geometries of this family (e.g. 'polygon' → Polygon/MultiPolygon). */
	geometryType?: LayerGeometryType;
	/** Accept features whose geometry is null (RFC 7946 allows it). Default false. */
	allowNullGeometry?: boolean;
	/** Accept an empty FeatureCollection. Default false. */
	allowEmpty?: boolean;
	/** Upper bound on features. Default 200,000. */
	maxFeatures?: number;
	/** Upper bound on positions over all features. Default 5,000,000. */
	maxPositions?: number;
}

const WGS84_CRS_NAMES = new Set([
	'urn:ogc:def:crs:ogc:1.3:crs84',
	'urn:ogc:def:crs:ogc::crs84',
	'urn:ogc:def:crs:epsg::4326',
	'urn:ogc:def:crs:epsg:4326',
	'epsg:4326',
	'crs84'
]);

class Invalid extends Error {
	constructor(
		readonly reason: GeoJSONInvalidReason,
		message: string
	) {
		super(message);
	}
}

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface Walk {
	positions: number;
	maxPositions: number;
	minLon: number;
	minLat: number;
	maxLon: number;
	maxLat: number;
	where: string;
}

function position(p: unknown, w: Walk): void {
	if (!Array.isArray(p) || p.length < 2 || p.length > 4) {
		throw new Invalid('BAD_COORDINATES', `${w.where}: una posición no es [lon, lat].`);
	}
	for (const c of p) {
		if (typeof c !== 'number') {
			throw new Invalid('BAD_COORDINATES', `${w.where}: una coordenada no es un número.`);
		}
		if (!Number.isFinite(c)) {
			throw new Invalid('NON_FINITE_COORDINATE', `${w.where}: coordenada no finita (${String(c)}).`);
		}
	}
	const lon = p[0] as number;
	const lat = p[1] as number;
	if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
		throw new Invalid(
			'OUT_OF_RANGE_COORDINATE',
			`${w.where}: coordenada fuera del rango lon/lat (${lon}, ${lat}); ¿datos proyectados (UTM) sin CRS declarado?`
		);
	}
	w.positions++;
	if (w.positions > w.maxPositions) {
		throw new Invalid('TOO_LARGE', `El archivo tiene más de ${w.maxPositions} vértices.`);
	}
	if (lon < w.minLon) w.minLon = lon;
	if (lat < w.minLat) w.minLat = lat;
	if (lon > w.maxLon) w.maxLon = lon;
	if (lat > w.maxLat) w.maxLat = lat;
}

function positions(list: unknown, min: number, w: Walk): unknown[] {
	if (!Array.isArray(list)) {
		throw new Invalid('BAD_COORDINATES', `${w.where}: se esperaba una lista de posiciones.`);
	}
	if (list.length < min) {
		throw new Invalid('TOO_FEW_POSITIONS', `${w.where}: se necesitan al menos ${min} posiciones.`);
	}
	for (const p of list) position(p, w);
	return list;
}

function ring(list: unknown, w: Walk): void {
	const r = positions(list, 4, w) as number[][];
	const a = r[0] as number[];
	const b = r[r.length - 1] as number[];
	if (a[0] !== b[0] || a[1] !== b[1]) {
		throw new Invalid('RING_NOT_CLOSED', `${w.where}: un anillo del polígono no está cerrado.`);
	}
}

function polygon(coords: unknown, w: Walk): void {
	if (!Array.isArray(coords) || coords.length === 0) {
		throw new Invalid('BAD_COORDINATES', `${w.where}: polígono sin anillos.`);
	}
	for (const r of coords) ring(r, w);
}

function list(coords: unknown, w: Walk): unknown[] {
	if (!Array.isArray(coords) || coords.length === 0) {
		throw new Invalid('BAD_COORDINATES', `${w.where}: geometría múltiple vacía.`);
	}
	return coords;
}

function geometry(g: Geometry, w: Walk): void {
	const c = (g as { coordinates?: unknown }).coordinates;
	switch (g.type) {
		case 'Point':
			position(c, w);
			return;
		case 'MultiPoint':
			positions(c, 1, w);
			return;
		case 'LineString':
			positions(c, 2, w);
			return;
		case 'MultiLineString':
			for (const l of list(c, w)) positions(l, 2, w);
			return;
		case 'Polygon':
			polygon(c, w);
			return;
		case 'MultiPolygon':
			for (const p of list(c, w)) polygon(p, w);
			return;
		default:
			throw new Invalid(
				'UNSUPPORTED_GEOMETRY',
				`${w.where}: tipo de geometría no admitido (${String((g as { type?: unknown }).type)}).`
			);
	}
}

/** Validate a parsed GeoJSON value as a WGS84 FeatureCollection. Never throws. */
export function validateGeoJSON(value: unknown, options: ValidateGeoJSONOptions = {}): GeoJSONValidation {
	const maxFeatures = options.maxFeatures ?? 200_000;
	const w: Walk = {
		positions: 0,
		maxPositions: options.maxPositions ?? 5_000_000,
		minLon: Infinity,
		minLat: Infinity,
		maxLon: -Infinity,
		maxLat: -Infinity,
		where: 'colección'
	};
	try {
		if (!isObject(value) || value.type !== 'FeatureCollection' || !Array.isArray(value.features)) {
			throw new Invalid('NOT_FEATURE_COLLECTION', 'El archivo no es una FeatureCollection GeoJSON.');
		}
		const crs = value.crs;
		if (crs !== undefined && crs !== null) {
			const name =
				isObject(crs) && isObject(crs.properties) && typeof crs.properties.name === 'string'
					? crs.properties.name.toLowerCase()
					: '';
			if (!WGS84_CRS_NAMES.has(name)) {
				throw new Invalid(
					'NOT_WGS84_CRS',
					`El archivo declara un CRS distinto de WGS84 (${name || 'desconocido'}); debe reproyectarse.`
				);
			}
		}
		const features = value.features as unknown[];
		if (features.length === 0 && !options.allowEmpty) {
			throw new Invalid('EMPTY', 'La colección no tiene entidades.');
		}
		if (features.length > maxFeatures) {
			throw new Invalid('TOO_LARGE', `El archivo tiene más de ${maxFeatures} entidades.`);
		}
		const allowed = options.geometryType ? GEOMETRY_TYPES_FOR[options.geometryType] : undefined;
		features.forEach((f, i) => {
			w.where = `entidad ${i + 1}`;
			if (!isObject(f) || f.type !== 'Feature') {
				throw new Invalid('NOT_FEATURE', `${w.where}: no es un Feature GeoJSON.`);
			}
			const g = (f as unknown as Feature).geometry as unknown;
			if (g === null || g === undefined) {
				if (options.allowNullGeometry) return;
				throw new Invalid('NULL_GEOMETRY', `${w.where}: no tiene geometría.`);
			}
			if (!isObject(g) || typeof g.type !== 'string') {
				throw new Invalid('UNSUPPORTED_GEOMETRY', `${w.where}: geometría mal formada.`);
			}
			if (allowed && !allowed.includes(g.type)) {
				throw new Invalid(
					'WRONG_GEOMETRY_FOR_LAYER',
					`${w.where}: geometría ${g.type}; esta capa admite ${allowed.join(' o ')}.`
				);
			}
			geometry(g as unknown as Geometry, w);
		});
		return {
			valid: true,
			featureCollection: value as unknown as FeatureCollection,
			featureCount: features.length,
			positionCount: w.positions,
			bbox: w.positions > 0 ? [w.minLon, w.minLat, w.maxLon, w.maxLat] : undefined
		};
	} catch (e) {
		if (e instanceof Invalid) {
			return { valid: false, code: 'GEODATA_INVALID', reason: e.reason, message: e.message };
		}
		throw e;
	}
}
