/**
 * GeoJSON geometry validation for stored features (WGS84 lon/lat). Returns `{ valid, code, message }`
 * in the terra-draw style, with stable codes and Spanish messages. Checks: supported type, nesting depth
 * and shape, finite numeric positions (2D or 3D) in range, minimum positions, closed rings, non-degenerate
 * rings, no self-intersection (sweep over segment x-extents: O(n log n + k), no turf `kinks` O(n²)),
 * holes inside their shell, and a vertex cap. Consecutive duplicate positions are removed first.
 */
import type { Geometry, Position } from 'geojson';

export const MAX_VERTICES = 50_000;
export const SUPPORTED_TYPES = [
	'Point',
	'MultiPoint',
	'LineString',
	'MultiLineString',
	'Polygon',
	'MultiPolygon'
] as const;

export type GeometryErrorCode =
	| 'GEOMETRY_INVALID'
	| 'GEOMETRY_TYPE_UNSUPPORTED'
	| 'GEOMETRY_INVALID_NESTING'
	| 'GEOMETRY_INVALID_POSITION'
	| 'GEOMETRY_NON_FINITE_COORDINATE'
	| 'GEOMETRY_COORDINATE_OUT_OF_RANGE'
	| 'GEOMETRY_TOO_FEW_POSITIONS'
	| 'GEOMETRY_RING_NOT_CLOSED'
	| 'GEOMETRY_DEGENERATE_RING'
	| 'GEOMETRY_SELF_INTERSECTION'
	| 'GEOMETRY_HOLE_OUTSIDE_SHELL'
	| 'GEOMETRY_TOO_MANY_VERTICES'
	| 'GEOMETRY_EMPTY';

export type GeometryValidation =
	| { valid: true; geometry: Geometry; bbox: [number, number, number, number]; vertices: number }
	| { valid: false; code: GeometryErrorCode; message: string };

class Invalid extends Error {
	constructor(
		readonly code: GeometryErrorCode,
		message: string
	) {
		super(message);
	}
}
const fail = (code: GeometryErrorCode, message: string): never => {
	throw new Invalid(code, message);
};

type P = [number, number] | [number, number, number];

interface Ctx {
	vertices: number;
	bbox: [number, number, number, number];
}

function position(x: unknown, ctx: Ctx): P {
	if (!Array.isArray(x))
		fail(
			'GEOMETRY_INVALID_NESTING',
			'Las coordenadas no tienen el anidamiento que pide el tipo de geometría.'
		);
	const a = x as unknown[];
	if (a.some((v) => Array.isArray(v)))
		fail('GEOMETRY_INVALID_NESTING', 'Las coordenadas tienen un nivel de anidamiento de más.');
	if (a.length < 2 || a.length > 3)
		fail(
			'GEOMETRY_INVALID_POSITION',
			'Cada posición debe tener 2 o 3 números [longitud, latitud(, altura)].'
		);
	for (const v of a) {
		if (typeof v !== 'number') fail('GEOMETRY_INVALID_POSITION', 'Las coordenadas deben ser números.');
		if (!Number.isFinite(v))
			fail('GEOMETRY_NON_FINITE_COORDINATE', 'Hay una coordenada no finita (NaN o infinito).');
	}
	const [lon, lat] = a as number[];
	if (lon! < -180 || lon! > 180 || lat! < -90 || lat! > 90)
		fail(
			'GEOMETRY_COORDINATE_OUT_OF_RANGE',
			'Coordenada fuera de rango: se esperan longitud −180…180 y latitud −90…90 (WGS84, EPSG:4326).'
		);
	if (++ctx.vertices > MAX_VERTICES)
		fail('GEOMETRY_TOO_MANY_VERTICES', `La geometría tiene más de ${MAX_VERTICES} vértices.`);
	const b = ctx.bbox;
	if (lon! < b[0]) b[0] = lon!;
	if (lat! < b[1]) b[1] = lat!;
	if (lon! > b[2]) b[2] = lon!;
	if (lat! > b[3]) b[3] = lat!;
	return a.slice() as P;
}

function positions(x: unknown, ctx: Ctx): P[] {
	if (!Array.isArray(x))
		fail(
			'GEOMETRY_INVALID_NESTING',
			'Las coordenadas no tienen el anidamiento que pide el tipo de geometría.'
		);
	const out: P[] = [];
	for (const p of x as unknown[]) {
		const q = position(p, ctx);
		const last = out[out.length - 1];
		if (last && last[0] === q[0] && last[1] === q[1]) continue; // drop consecutive duplicates
		out.push(q);
	}
	return out;
}

function list(x: unknown): unknown[] {
	if (!Array.isArray(x))
		fail(
			'GEOMETRY_INVALID_NESTING',
			'Las coordenadas no tienen el anidamiento que pide el tipo de geometría.'
		);
	return x as unknown[];
}

function line(x: unknown, ctx: Ctx): P[] {
	const ps = positions(x, ctx);
	if (ps.length < 2)
		fail('GEOMETRY_TOO_FEW_POSITIONS', 'Una línea necesita al menos 2 posiciones distintas.');
	return ps;
}

function signedArea2(r: P[]): number {
	let s = 0;
	for (let i = 0; i + 1 < r.length; i++) s += r[i]![0] * r[i + 1]![1] - r[i + 1]![0] * r[i]![1];
	return s;
}

function ring(x: unknown, ctx: Ctx): P[] {
	const raw = list(x);
	if (raw.some((p) => !Array.isArray(p) || Array.isArray(p[0])))
		fail(
			'GEOMETRY_INVALID_NESTING',
			'Las coordenadas no tienen el anidamiento que pide el tipo de geometría.'
		);
	if (raw.length < 4)
		fail('GEOMETRY_TOO_FEW_POSITIONS', 'Un anillo de polígono necesita al menos 4 posiciones.');
	const first = raw[0];
	const last = raw[raw.length - 1];
	const r = positions(raw, ctx);
	if (
		!Array.isArray(first) ||
		!Array.isArray(last) ||
		first[0] !== last[0] ||
		first[1] !== last[1] ||
		(first.length === 3 && last.length === 3 && first[2] !== last[2])
	)
		fail(
			'GEOMETRY_RING_NOT_CLOSED',
			'El anillo del polígono no está cerrado (la primera y la última posición deben ser iguales).'
		);
	if (r.length < 4)
		fail('GEOMETRY_TOO_FEW_POSITIONS', 'Un anillo de polígono necesita al menos 3 vértices distintos.');
	return r;
}

function polygon(x: unknown, ctx: Ctx): P[][] {
	const rings = list(x).map((r) => ring(r, ctx));
	if (rings.length === 0) fail('GEOMETRY_EMPTY', 'El polígono no tiene anillos.');
	return rings;
}

// ---- self-intersection ------------------------------------------------------------------------------

function orient(a: P, b: P, c: P): number {
	const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
	return v > 0 ? 1 : v < 0 ? -1 : 0;
}
function onSeg(a: P, b: P, c: P): boolean {
	return (
		Math.min(a[0], b[0]) <= c[0] &&
		c[0] <= Math.max(a[0], b[0]) &&
		Math.min(a[1], b[1]) <= c[1] &&
		c[1] <= Math.max(a[1], b[1])
	);
}
/** 0 none, 1 touch (an endpoint on the other segment), 2 proper crossing, 3 collinear overlap of positive length. */
function segRelation(a: P, b: P, c: P, d: P): number {
	const o1 = orient(a, b, c);
	const o2 = orient(a, b, d);
	const o3 = orient(c, d, a);
	const o4 = orient(c, d, b);
	if (o1 * o2 < 0 && o3 * o4 < 0) return 2;
	if (o1 === 0 && o2 === 0) {
		// collinear: overlap length along the dominant axis
		const ax = Math.abs(b[0] - a[0]) >= Math.abs(b[1] - a[1]) ? 0 : 1;
		const lo = Math.max(Math.min(a[ax], b[ax]), Math.min(c[ax], d[ax]));
		const hi = Math.min(Math.max(a[ax], b[ax]), Math.max(c[ax], d[ax]));
		if (hi > lo) return 3;
		return hi === lo ? 1 : 0;
	}
	if (
		(o1 === 0 && onSeg(a, b, c)) ||
		(o2 === 0 && onSeg(a, b, d)) ||
		(o3 === 0 && onSeg(c, d, a)) ||
		(o4 === 0 && onSeg(c, d, b))
	)
		return 1;
	return 0;
}

interface Seg {
	a: P;
	b: P;
	ring: number;
	idx: number;
	n: number; // segments in its ring
	minX: number;
	maxX: number;
}

/** True if the rings of one polygon cross themselves or each other (touching between rings is allowed). */
function polygonSelfIntersects(rings: P[][]): boolean {
	const segs: Seg[] = [];
	rings.forEach((r, ri) => {
		const n = r.length - 1;
		for (let i = 0; i < n; i++) {
			const a = r[i]!;
			const b = r[i + 1]!;
			segs.push({ a, b, ring: ri, idx: i, n, minX: Math.min(a[0], b[0]), maxX: Math.max(a[0], b[0]) });
		}
	});
	segs.sort((s, t) => s.minX - t.minX);
	for (let i = 0; i < segs.length; i++) {
		const s = segs[i]!;
		for (let j = i + 1; j < segs.length && segs[j]!.minX <= s.maxX; j++) {
			const t = segs[j]!;
			if (
				Math.max(Math.min(s.a[1], s.b[1]), Math.min(t.a[1], t.b[1])) >
				Math.min(Math.max(s.a[1], s.b[1]), Math.max(t.a[1], t.b[1]))
			)
				continue;
			const rel = segRelation(s.a, s.b, t.a, t.b);
			if (rel === 0) continue;
			if (s.ring !== t.ring) {
				if (rel >= 2) return true;
				continue;
			}
			const d = Math.abs(s.idx - t.idx);
			const adjacent = d === 1 || d === s.n - 1;
			if (!adjacent) return true;
			if (rel === 3) return true; // spike: the ring doubles back on itself
		}
	}
	return false;
}

function pointInRing(p: P, r: P[]): boolean {
	let inside = false;
	for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
		const a = r[i]!;
		const b = r[j]!;
		if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0])
			inside = !inside;
	}
	return inside;
}

function onRingBoundary(p: P, r: P[]): boolean {
	for (let i = 0; i + 1 < r.length; i++)
		if (orient(r[i]!, r[i + 1]!, p) === 0 && onSeg(r[i]!, r[i + 1]!, p)) return true;
	return false;
}

function checkPolygon(rings: P[][]): void {
	if (polygonSelfIntersects(rings))
		fail(
			'GEOMETRY_SELF_INTERSECTION',
			'El polígono se corta a sí mismo (autointersección). Corrija los bordes que se cruzan.'
		);
	for (const r of rings)
		if (signedArea2(r) === 0)
			fail('GEOMETRY_DEGENERATE_RING', 'Un anillo del polígono no tiene área (vértices alineados).');
	const shell = rings[0]!;
	for (const hole of rings.slice(1)) {
		const probe = hole.find((p) => !onRingBoundary(p, shell));
		if (probe && !pointInRing(probe, shell))
			fail('GEOMETRY_HOLE_OUTSIDE_SHELL', 'Un hueco del polígono queda fuera de su borde exterior.');
	}
}

// ---- entry point ------------------------------------------------------------------------------------

export function validateGeometry(input: unknown): GeometryValidation {
	const ctx: Ctx = { vertices: 0, bbox: [Infinity, Infinity, -Infinity, -Infinity] };
	try {
		if (input === null || typeof input !== 'object' || Array.isArray(input))
			fail('GEOMETRY_INVALID', 'Falta la geometría o no es un objeto GeoJSON.');
		const g = input as { type?: unknown; coordinates?: unknown };
		if (!(SUPPORTED_TYPES as readonly unknown[]).includes(g.type))
			fail(
				'GEOMETRY_TYPE_UNSUPPORTED',
				`Tipo de geometría no admitido (${typeof g.type === 'string' ? g.type.slice(0, 40) : typeof g.type}); se admiten: ${SUPPORTED_TYPES.join(', ')}.`
			);
		let geometry: Geometry;
		switch (g.type) {
			case 'Point':
				geometry = { type: 'Point', coordinates: position(g.coordinates, ctx) as Position };
				break;
			case 'MultiPoint': {
				const ps = list(g.coordinates).map((p) => position(p, ctx) as Position);
				if (!ps.length) fail('GEOMETRY_EMPTY', 'La geometría no tiene posiciones.');
				geometry = { type: 'MultiPoint', coordinates: ps };
				break;
			}
			case 'LineString':
				geometry = { type: 'LineString', coordinates: line(g.coordinates, ctx) };
				break;
			case 'MultiLineString': {
				const ls = list(g.coordinates).map((l) => line(l, ctx));
				if (!ls.length) fail('GEOMETRY_EMPTY', 'La geometría no tiene líneas.');
				geometry = { type: 'MultiLineString', coordinates: ls };
				break;
			}
			case 'Polygon': {
				const rings = polygon(g.coordinates, ctx);
				checkPolygon(rings);
				geometry = { type: 'Polygon', coordinates: rings };
				break;
			}
			default: {
				const polys = list(g.coordinates).map((p) => polygon(p, ctx));
				if (!polys.length) fail('GEOMETRY_EMPTY', 'La geometría no tiene polígonos.');
				polys.forEach(checkPolygon);
				geometry = { type: 'MultiPolygon', coordinates: polys };
			}
		}
		return { valid: true, geometry, bbox: ctx.bbox, vertices: ctx.vertices };
	} catch (e) {
		if (e instanceof Invalid) return { valid: false, code: e.code, message: e.message };
		throw e;
	}
}
