/**
 * Shared last step of every vector driver: decide the CRS (declared → user → guess, never silently),
 * reproject to WGS84 and validate each feature (finite, in range, enough points, closed rings).
 * Walks follow the fixed GeoJSON structure (no recursion on input depth).
 */
import proj4 from 'proj4';
import type { Feature, Geometry, Position } from 'geojson';
import { crsDef, parseEpsg, unproject } from '../crs';
import { guessCrs } from '../guessCrs';
import type { PrjCrs } from '../prj';
import type { ReadContext } from './context';
import { ImportError, issue, type ImportCode, type Params } from './errors';
import { utmInverseForEpsg } from './utmInverse';
import type { FieldInfo, FormatId, ImportedLayer, ImportResult, InvalidFeature, LayerCrs } from './types';

export interface DeclaredCrs {
	id: string;
	label: string;
	epsg: number | null;
	proj4: string | Record<string, unknown>;
}

export interface RawLayer {
	name: string;
	format: FormatId;
	/** Source coordinates. */
	features: Feature<Geometry | null>[];
	fields: FieldInfo[];
	/** What the file declares, or null. */
	declared: DeclaredCrs | null;
	/** The format is lon/lat WGS84 by definition (KML, GPX, RFC 7946 GeoJSON). */
	wgs84ByDefinition?: boolean;
	/** Features already rejected by the driver (indexes in the same numbering). */
	invalid?: InvalidFeature[];
	/** File-order index of each entry of `features` when the driver skipped some (default: position). */
	indexes?: number[];
	/**
	 * The geometries are fresh arrays made by the driver for this read (shapefile): finishLayer converts a
	 * valid one in place instead of copying it (an invalid one is left untouched, in source coordinates).
	 */
	ownsGeometries?: boolean;
}

export function declaredFromPrj(p: PrjCrs): DeclaredCrs {
	return { id: p.id, label: p.label, epsg: p.epsg, proj4: p.proj4 };
}

/** 'EPSG:32718' (or '32718') → declared CRS from crs.ts; null when unsupported. */
export function declaredFromEpsg(text: string): DeclaredCrs | null {
	const code = parseEpsg(text);
	const def = code !== null ? crsDef(code) : null;
	return def ? { id: def.id, label: def.label, epsg: def.epsg, proj4: def.proj4 } : null;
}

/** Writes [lon, lat] into `out` (no allocation per coordinate). */
type Conv = (x: number, y: number, out: [number, number]) => void;

function converter(crs: DeclaredCrs): Conv {
	if (crs.epsg === 4326)
		return (x, y, out) => {
			out[0] = x;
			out[1] = y;
		};
	const fast = typeof crs.proj4 === 'string' ? utmInverseForEpsg(crs.epsg) : null;
	if (fast) return fast;
	if (crs.epsg !== null && crsDef(crs.epsg) && typeof crs.proj4 === 'string') {
		const epsg = crs.epsg;
		return (x, y, out) => {
			const r = unproject([x, y], epsg);
			out[0] = r[0];
			out[1] = r[1];
		};
	}
	let conv: proj4.Converter;
	try {
		conv = proj4(crs.proj4 as string, 'EPSG:4326');
	} catch (e) {
		throw new ImportError('IMPORT_CRS_UNSUPPORTED', {
			crs: `${crs.label} (${e instanceof Error ? e.message.slice(0, 80) : 'proj4'})`
		});
	}
	return (x, y, out) => {
		const r = conv.forward([x, y]);
		out[0] = r[0] ?? NaN;
		out[1] = r[1] ?? NaN;
	};
}

class Bad extends Error {
	constructor(
		readonly code: ImportCode,
		readonly params: Params = {}
	) {
		super(code);
	}
}

interface Walk {
	conv: Conv;
	out: [number, number];
	vertices: number;
	max: number;
	bbox: [number, number, number, number];
}

function pos(p: unknown, w: Walk): Position {
	if (!Array.isArray(p) || p.length < 2) throw new Bad('IMPORT_GEOM_BAD', { detail: 'posición sin x, y' });
	const x = p[0] as unknown;
	const y = p[1] as unknown;
	if (typeof x !== 'number' || typeof y !== 'number') {
		throw new Bad('IMPORT_GEOM_BAD', { detail: 'coordenada no numérica' });
	}
	if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 1e15 || Math.abs(y) > 1e15) {
		throw new Bad('IMPORT_GEOM_NON_FINITE');
	}
	const o = w.out;
	w.conv(x, y, o);
	const lon = o[0];
	const lat = o[1];
	if (!Number.isFinite(lon) || !Number.isFinite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90) {
		throw new Bad('IMPORT_GEOM_OUT_OF_RANGE', { detail: `${x}, ${y}` });
	}
	w.vertices++;
	if (w.vertices > w.max) throw new ImportError('IMPORT_TOO_MANY_VERTICES', { max: w.max });
	const b = w.bbox;
	if (lon < b[0]) b[0] = lon;
	if (lat < b[1]) b[1] = lat;
	if (lon > b[2]) b[2] = lon;
	if (lat > b[3]) b[3] = lat;
	const z = p[2];
	return typeof z === 'number' && Number.isFinite(z) ? [lon, lat, z] : [lon, lat];
}

function line(c: unknown, min: number, w: Walk, what: string): Position[] {
	if (!Array.isArray(c)) throw new Bad('IMPORT_GEOM_BAD', { detail: 'lista de posiciones esperada' });
	if (c.length < min)
		throw new Bad('IMPORT_GEOM_TOO_FEW_POINTS', { detail: `${what} con ${c.length} puntos (mínimo ${min})` });
	const n = c.length;
	const out: Position[] = new Array(n);
	for (let i = 0; i < n; i++) out[i] = pos(c[i], w);
	return out;
}

function ring(c: unknown, w: Walk): Position[] {
	const r = line(c, 4, w, 'anillo');
	const a = r[0] as Position;
	const b = r[r.length - 1] as Position;
	if (a[0] !== b[0] || a[1] !== b[1]) throw new Bad('IMPORT_GEOM_RING_NOT_CLOSED');
	return r;
}

function nonEmpty(c: unknown): unknown[] {
	if (!Array.isArray(c) || c.length === 0) throw new Bad('IMPORT_GEOM_BAD', { detail: 'geometría vacía' });
	return c;
}

function geom(g: unknown, w: Walk, depth: number): Geometry {
	if (!g || typeof g !== 'object') throw new Bad('IMPORT_GEOM_BAD', { detail: 'no es un objeto' });
	const t = (g as { type?: unknown }).type;
	const c = (g as { coordinates?: unknown }).coordinates;
	switch (t) {
		case 'Point':
			return { type: 'Point', coordinates: pos(c, w) };
		case 'MultiPoint':
			return { type: 'MultiPoint', coordinates: line(c, 1, w, 'multipunto') };
		case 'LineString':
			return { type: 'LineString', coordinates: line(c, 2, w, 'línea') };
		case 'MultiLineString':
			return { type: 'MultiLineString', coordinates: nonEmpty(c).map((l) => line(l, 2, w, 'línea')) };
		case 'Polygon':
			return { type: 'Polygon', coordinates: nonEmpty(c).map((r) => ring(r, w)) };
		case 'MultiPolygon':
			return {
				type: 'MultiPolygon',
				coordinates: nonEmpty(c).map((p) => nonEmpty(p).map((r) => ring(r, w)))
			};
		case 'GeometryCollection': {
			const gs = (g as { geometries?: unknown }).geometries;
			if (depth > 0) throw new Bad('IMPORT_GEOM_UNSUPPORTED', { detail: 'GeometryCollection anidada' });
			return { type: 'GeometryCollection', geometries: nonEmpty(gs).map((m) => geom(m, w, depth + 1)) };
		}
		default:
			throw new Bad('IMPORT_GEOM_UNSUPPORTED', { detail: String(t).slice(0, 40) });
	}
}

/** Scratch for inPlace(): converted x, y of the current feature. */
let scratch = new Float64Array(1024);

/**
 * geom() for driver-owned Point/Line/Polygon geometries, without allocation: pass 1 checks and converts
 * every position into `scratch` (throwing Bad exactly where geom() would), pass 2 writes the results into
 * the same arrays. Returns false for shapes it does not handle (the caller uses geom()).
 */
function inPlace(g: Geometry, w: Walk): boolean {
	let parts: Position[][];
	let mins: number;
	let rings = false;
	let what = 'línea';
	switch (g.type) {
		case 'Point':
			parts = [[g.coordinates]];
			mins = 1;
			break;
		case 'MultiPoint':
			parts = [g.coordinates];
			mins = 1;
			what = 'multipunto';
			break;
		case 'LineString':
			parts = [g.coordinates];
			mins = 2;
			break;
		case 'MultiLineString':
			parts = g.coordinates;
			mins = 2;
			break;
		case 'Polygon':
			parts = g.coordinates;
			mins = 4;
			rings = true;
			what = 'anillo';
			break;
		case 'MultiPolygon':
			parts = [];
			if (g.coordinates.length === 0) throw new Bad('IMPORT_GEOM_BAD', { detail: 'geometría vacía' });
			for (const poly of g.coordinates) {
				if (poly.length === 0) throw new Bad('IMPORT_GEOM_BAD', { detail: 'geometría vacía' });
				for (const r of poly) parts.push(r);
			}
			mins = 4;
			rings = true;
			what = 'anillo';
			break;
		default:
			return false;
	}
	if (parts.length === 0) throw new Bad('IMPORT_GEOM_BAD', { detail: 'geometría vacía' });
	let total = 0;
	for (const part of parts) total += part.length;
	if (scratch.length < 2 * total) scratch = new Float64Array(2 * total);
	const o = w.out;
	let k = 0;
	for (const part of parts) {
		if (part.length < mins)
			throw new Bad('IMPORT_GEOM_TOO_FEW_POINTS', {
				detail: `${what} con ${part.length} puntos (mínimo ${mins})`
			});
		const start = k;
		for (const p of part) {
			const x = p[0] as number;
			const y = p[1] as number;
			if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 1e15 || Math.abs(y) > 1e15) {
				throw new Bad('IMPORT_GEOM_NON_FINITE');
			}
			w.conv(x, y, o);
			const lon = o[0];
			const lat = o[1];
			if (
				!Number.isFinite(lon) ||
				!Number.isFinite(lat) ||
				lon < -180 ||
				lon > 180 ||
				lat < -90 ||
				lat > 90
			) {
				throw new Bad('IMPORT_GEOM_OUT_OF_RANGE', { detail: `${x}, ${y}` });
			}
			if (++w.vertices > w.max) throw new ImportError('IMPORT_TOO_MANY_VERTICES', { max: w.max });
			scratch[k++] = lon;
			scratch[k++] = lat;
		}
		if (rings && (scratch[start] !== scratch[k - 2] || scratch[start + 1] !== scratch[k - 1])) {
			throw new Bad('IMPORT_GEOM_RING_NOT_CLOSED');
		}
	}
	const b = w.bbox;
	k = 0;
	for (const part of parts) {
		for (const p of part) {
			const lon = scratch[k++] as number;
			const lat = scratch[k++] as number;
			p[0] = lon;
			p[1] = lat;
			if (p.length > 2 && !Number.isFinite(p[2])) p.length = 2;
			if (lon < b[0]) b[0] = lon;
			if (lat < b[1]) b[1] = lat;
			if (lon > b[2]) b[2] = lon;
			if (lat > b[3]) b[3] = lat;
		}
	}
	return true;
}

/** Bounding box of the finite raw x/y values (for guessing), iterative. */
function rawBbox(features: Feature<Geometry | null>[]): [number, number, number, number] | null {
	const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
	const stack: unknown[] = [];
	for (const f of features) {
		const g = f.geometry as unknown;
		if (!g || typeof g !== 'object') continue;
		const gg = g as { coordinates?: unknown; geometries?: unknown };
		if (Array.isArray(gg.geometries))
			for (const m of gg.geometries) stack.push((m as { coordinates?: unknown })?.coordinates);
		else stack.push(gg.coordinates);
		let budget = 0;
		while (stack.length) {
			const c = stack.pop();
			if (!Array.isArray(c)) continue;
			if (typeof c[0] === 'number') {
				const x = c[0];
				const y = c[1];
				if (
					typeof y === 'number' &&
					Number.isFinite(x) &&
					Number.isFinite(y) &&
					Math.abs(x) < 1e15 &&
					Math.abs(y) < 1e15
				) {
					if (x < b[0]) b[0] = x;
					if (y < b[1]) b[1] = y;
					if (x > b[2]) b[2] = x;
					if (y > b[3]) b[3] = y;
				}
			} else if (++budget < 1e7) for (const m of c) stack.push(m);
		}
	}
	return Number.isFinite(b[0]) ? b : null;
}

function looksGeographic(b: [number, number, number, number] | null): boolean {
	return b === null || (b[0] >= -180 && b[2] <= 180 && b[1] >= -90 && b[3] <= 90);
}

function userCrs(sourceCrs: string): DeclaredCrs {
	const d = declaredFromEpsg(sourceCrs);
	if (!d) throw new ImportError('IMPORT_CRS_UNSUPPORTED', { crs: sourceCrs.slice(0, 60) });
	return d;
}

/** Decide the CRS of a raw layer. `use` null means: pending confirmation. */
export function decideCrs(
	raw: Pick<RawLayer, 'name' | 'declared' | 'wgs84ByDefinition' | 'features'>,
	ctx: ReadContext,
	sourceCrs: string | undefined
): { crs: LayerCrs; use: DeclaredCrs | null } {
	const layer = raw.name;
	if (sourceCrs) {
		const u = userCrs(sourceCrs);
		const crs: LayerCrs = { used: u.id, label: u.label, confirmed: true };
		if (raw.declared) crs.detected = raw.declared.id;
		return { crs, use: u };
	}
	if (raw.declared) {
		return {
			crs: { detected: raw.declared.id, used: raw.declared.id, label: raw.declared.label, confirmed: true },
			use: raw.declared
		};
	}
	const bbox = rawBbox(raw.features);
	const proposed = bbox
		? guessCrs(bbox).map(({ id, label, score, reason }) => ({ id, label, score, reason }))
		: [];
	if (looksGeographic(bbox)) {
		const wgs = declaredFromEpsg('EPSG:4326') as DeclaredCrs;
		if (!raw.wgs84ByDefinition && bbox) ctx.warn('IMPORT_CRS_ASSUMED', { layer });
		const crs: LayerCrs = { used: wgs.id, label: wgs.label, confirmed: Boolean(raw.wgs84ByDefinition) };
		if (!raw.wgs84ByDefinition && proposed.length) crs.proposed = proposed;
		return { crs, use: wgs };
	}
	const best = proposed[0];
	ctx.warn('IMPORT_CRS_REQUIRED', { layer, best: best ? `${best.label}, ${best.reason}` : 'ninguna' });
	return { crs: { proposed, used: null, confirmed: false }, use: null };
}

/** Reproject + validate one raw layer. */
export function finishLayer(raw: RawLayer, ctx: ReadContext, sourceCrs: string | undefined): ImportedLayer {
	const { crs, use } = decideCrs(raw, ctx, sourceCrs);
	const invalid: InvalidFeature[] = [...(raw.invalid ?? [])];
	const layer: ImportedLayer = {
		name: raw.name,
		format: raw.format,
		crs,
		features: [],
		invalid,
		fields: raw.fields
	};
	if (!use) {
		layer.pendingFeatureCount = raw.features.length;
		return layer;
	}
	const w: Walk = {
		conv: converter(use),
		out: [0, 0],
		vertices: 0,
		max: ctx.limits.maxVertices,
		bbox: [Infinity, Infinity, -Infinity, -Infinity]
	};
	const n = raw.features.length;
	raw.features.forEach((f, i) => {
		if (i % 2000 === 0) ctx.progress(0.6 + (0.4 * i) / Math.max(1, n));
		const index = raw.indexes?.[i] ?? i;
		try {
			const src = f.geometry;
			let g: Geometry | null;
			if (src === null || src === undefined) g = null;
			else if (raw.ownsGeometries) {
				// counted vertices are rolled back when the feature turns out invalid
				const before = w.vertices;
				try {
					g = inPlace(src, w) ? src : geom(src, w, 0);
				} catch (e) {
					w.vertices = before;
					throw e;
				}
			} else g = geom(src, w, 0);
			const out: Feature<Geometry | null> = { type: 'Feature', properties: f.properties ?? {}, geometry: g };
			if (f.id !== undefined) out.id = f.id;
			layer.features.push(out);
		} catch (e) {
			if (!(e instanceof Bad)) throw e;
			invalid.push({ index, reason: issue(e.code, { index: index + 1, ...e.params }), feature: f });
		}
	});
	invalid.sort((a, b) => a.index - b.index);
	if (w.vertices > 0) layer.bbox = w.bbox;
	return layer;
}

/** Assemble the result: summary warnings, and refuse a file where nothing at all is usable. */
export function finishResult(format: FormatId, layers: ImportedLayer[], ctx: ReadContext): ImportResult {
	let valid = 0;
	let bad = 0;
	let pending = 0;
	let raster = 0;
	for (const l of layers) {
		valid += l.features.length;
		bad += l.invalid.length;
		pending += l.pendingFeatureCount ?? 0;
		if (l.raster) raster++;
		if (valid > ctx.limits.maxFeatures)
			throw new ImportError('IMPORT_TOO_MANY_FEATURES', { max: ctx.limits.maxFeatures });
	}
	// Nothing valid: still a result (as GDAL opens such files), so the wizard can list every reason and
	// offer the fixes it has (e.g. closing rings) — it cannot save a layer without valid features.
	if (bad > 0 && valid === 0 && pending === 0 && raster === 0) {
		const first = layers.flatMap((l) => l.invalid)[0];
		ctx.warn('IMPORT_NO_VALID_FEATURES', { count: bad, first: first ? first.reason.message : '' });
	} else if (bad > 0) ctx.warn('IMPORT_INVALID_FEATURES', { count: bad });
	if (valid + bad + pending + raster === 0) ctx.warn('IMPORT_NO_FEATURES');
	ctx.progress(1);
	return { format, layers, warnings: ctx.warnings };
}
