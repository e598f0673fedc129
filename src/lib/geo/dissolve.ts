/**
 * Dissolve (union) of many polygons into one MultiPolygon, with its ellipsoidal (WGS84) area — overlaps
 * are counted once. How (docs/decisions/111-dissolve-clipper2.md):
 *  1. every ring goes to the integer equal-area plane of `interventions/equalArea.ts` (edges longer than
 *     200 m densified along the geodesic first, as the overlay does), outer rings made positive and holes
 *     negative so NonZero filling is the union;
 *  2. polygons are sorted along a Hilbert curve of their bbox centres and unioned in small groups, then
 *     the groups' results again, level by level (cascaded union: each clipper2-ts call sees few edges,
 *     neighbouring pieces merge early and inner edges disappear before the next level);
 *  3. area = shoelace / scale² = ellipsoidal m² (equal-area plane); the output rings are unprojected.
 * Pure: no DOM, no I/O.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import {
	Clipper,
	Clipper64,
	ClipType,
	FillRule,
	PolyTree64,
	type PolyPath64,
	type Path64,
	type Paths64
} from 'clipper2-ts';
import Flatbush from 'flatbush';
import * as geographiclib from 'geographiclib-geodesic';
import { fromInt, intAreaToM2, makeIntFrame, toInt, type IntFrame } from './interventions/equalArea';

type GeographicLib = typeof geographiclib;
const lib: GeographicLib = (geographiclib as unknown as { default?: GeographicLib }).default ?? geographiclib;
const WGS84 = lib.Geodesic.WGS84;

/** Edges longer than this (m) are densified along the geodesic before projecting (as the overlay). */
export const DISSOLVE_DENSIFY_M = 200;
const DEG_M = 111_320;

export interface DissolveOptions {
	/** Polygons per union at the first level of the cascade (default 32). */
	groupSize?: number;
}

export interface DissolveResult {
	/** The union, lon/lat WGS84; empty coordinates when nothing was given. */
	geometry: MultiPolygon;
	/** Ellipsoidal area of the union in hectares (each overlap counted once). */
	areaHa: number;
	/** Number of polygons (outer rings) of the union. */
	parts: number;
}

function densify(ring: readonly Position[]): readonly Position[] {
	let out: Position[] | undefined;
	for (let i = 1; i < ring.length; i++) {
		const a = ring[i - 1] as Position;
		const b = ring[i] as Position;
		const lat = (a[1] as number) * (Math.PI / 180);
		const dx = ((b[0] as number) - (a[0] as number)) * Math.cos(lat) * DEG_M;
		const dy = ((b[1] as number) - (a[1] as number)) * DEG_M;
		const approx = Math.hypot(dx, dy);
		if (approx > DISSOLVE_DENSIFY_M) {
			out ??= ring.slice(0, i);
			const line = WGS84.InverseLine(a[1] as number, a[0] as number, b[1] as number, b[0] as number);
			const k = Math.ceil(approx / DISSOLVE_DENSIFY_M);
			for (let j = 1; j < k; j++) {
				const p = line.Position((line.s13 * j) / k);
				out.push([p.lon2 as number, p.lat2 as number]);
			}
		}
		out?.push(b);
	}
	return out ?? ring;
}

function ringToPath(frame: IntFrame, raw: readonly Position[], positive: boolean): Path64 | null {
	const ring = densify(raw);
	let n = ring.length;
	if (n > 1) {
		const a = ring[0] as Position;
		const b = ring[n - 1] as Position;
		if (a[0] === b[0] && a[1] === b[1]) n--;
	}
	if (n < 3) return null;
	const path: Path64 = new Array(n);
	for (let i = 0; i < n; i++) path[i] = toInt(frame, ring[i] as Position);
	const area = Clipper.area(path);
	if (area === 0) return null;
	if (area > 0 !== positive) path.reverse();
	return path;
}

/** Hilbert index of (x, y) in a 2^16 grid. */
function hilbert(x: number, y: number): number {
	let d = 0;
	for (let s = 1 << 15; s > 0; s >>= 1) {
		const rx = (x & s) > 0 ? 1 : 0;
		const ry = (y & s) > 0 ? 1 : 0;
		d += s * s * ((3 * rx) ^ ry);
		if (ry === 0) {
			if (rx === 1) {
				x = s - 1 - x;
				y = s - 1 - y;
			}
			const t = x;
			x = y;
			y = t;
		}
	}
	return d;
}

function unionPaths(paths: Paths64): Paths64 {
	const c = new Clipper64();
	c.addSubject(paths);
	const out: Paths64 = [];
	c.execute(ClipType.Union, FillRule.NonZero, out);
	return out;
}

function bboxOf(geoms: readonly (Polygon | MultiPolygon)[]): [number, number, number, number] | undefined {
	let minX = Infinity;
	let minY = Infinity;
	let maxX = -Infinity;
	let maxY = -Infinity;
	for (const g of geoms) {
		const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
		for (const poly of polys)
			for (const p of poly[0] ?? []) {
				const x = p[0] as number;
				const y = p[1] as number;
				if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
				if (x < minX) minX = x;
				if (x > maxX) maxX = x;
				if (y < minY) minY = y;
				if (y > maxY) maxY = y;
			}
	}
	return minX <= maxX ? [minX, minY, maxX, maxY] : undefined;
}

function pathToRing(frame: IntFrame, path: Path64): Position[] {
	const ring = path.map((p) => fromInt(frame, p.x, p.y));
	ring.push(ring[0] as Position);
	return ring;
}

interface Item {
	paths: Paths64;
	minX: number;
	minY: number;
	maxX: number;
	maxY: number;
	key: number;
}

const finite = (p: Position): boolean => Number.isFinite(p[0]) && Number.isFinite(p[1]);

/** Union of a large cluster: sorted along a Hilbert curve, unioned by groups, then 4 results at a time. */
function cascade(cluster: Item[], groupSize: number): Paths64 {
	let minX = Infinity;
	let minY = Infinity;
	let maxX = -Infinity;
	let maxY = -Infinity;
	for (const it of cluster) {
		if (it.minX < minX) minX = it.minX;
		if (it.minY < minY) minY = it.minY;
		if (it.maxX > maxX) maxX = it.maxX;
		if (it.maxY > maxY) maxY = it.maxY;
	}
	const sx = 65535 / Math.max(maxX - minX, 1);
	const sy = 65535 / Math.max(maxY - minY, 1);
	for (const it of cluster)
		it.key = hilbert(
			Math.round(((it.minX + it.maxX) / 2 - minX) * sx),
			Math.round(((it.minY + it.maxY) / 2 - minY) * sy)
		);
	cluster.sort((a, b) => a.key - b.key);
	let level: Paths64[] = [];
	for (let i = 0; i < cluster.length; i += groupSize) {
		const batch: Paths64 = [];
		for (let j = i; j < Math.min(i + groupSize, cluster.length); j++) batch.push(...cluster[j]!.paths);
		level.push(unionPaths(batch));
	}
	while (level.length > 1) {
		const next: Paths64[] = [];
		for (let i = 0; i < level.length; i += 4) {
			const batch: Paths64 = [];
			for (let j = i; j < Math.min(i + 4, level.length); j++) batch.push(...level[j]!);
			next.push(unionPaths(batch));
		}
		level = next;
	}
	return level[0] ?? [];
}

/** Appends the tree's polygons (outer + holes, islands in holes as new polygons); returns their area. */
function collect(frame: IntFrame, node: PolyPath64, out: Position[][][]): number {
	let area = 0;
	for (let i = 0; i < node.count; i++) {
		const outer = node.child(i);
		const outerPath = outer.poly;
		if (!outerPath) continue;
		const rings: Position[][] = [pathToRing(frame, outerPath)];
		area += Clipper.area(outerPath);
		for (let h = 0; h < outer.count; h++) {
			const hole = outer.child(h);
			const holePath = hole.poly;
			if (!holePath) continue;
			rings.push(pathToRing(frame, holePath));
			area += Clipper.area(holePath); // negative
			area += collect(frame, hole, out);
		}
		out.push(rings);
	}
	return area;
}

/**
 * Union of `geometries` (Polygon / MultiPolygon, lon/lat WGS84). Rings with non-finite coordinates or
 * zero area are ignored. Outer rings of the result are counter-clockwise, holes clockwise (RFC 7946).
 */
export function dissolvePolygons(
	geometries: readonly (Polygon | MultiPolygon)[],
	options: DissolveOptions = {}
): DissolveResult {
	const bbox = bboxOf(geometries);
	if (!bbox) return { geometry: { type: 'MultiPolygon', coordinates: [] }, areaHa: 0, parts: 0 };
	const frame = makeIntFrame(bbox);
	const groupSize = Math.max(2, options.groupSize ?? 32);

	// 1. integer paths per polygon, with their integer bbox
	const items: Item[] = [];
	for (const g of geometries) {
		const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
		for (const poly of polys) {
			const outer = poly[0];
			if (!outer || outer.length < 3 || !outer.every(finite)) continue;
			const o = ringToPath(frame, outer, true);
			if (!o) continue;
			const paths: Paths64 = [o];
			for (let h = 1; h < poly.length; h++) {
				const ring = poly[h] as Position[];
				if (!ring.every(finite)) continue;
				const hp = ringToPath(frame, ring, false);
				if (hp) paths.push(hp);
			}
			let minX = Infinity;
			let minY = Infinity;
			let maxX = -Infinity;
			let maxY = -Infinity;
			for (const p of o) {
				if (p.x < minX) minX = p.x;
				if (p.x > maxX) maxX = p.x;
				if (p.y < minY) minY = p.y;
				if (p.y > maxY) maxY = p.y;
			}
			items.push({ paths, minX, minY, maxX, maxY, key: 0 });
		}
	}
	const coordinates: Position[][][] = [];
	let area = 0;
	if (items.length === 0) return { geometry: { type: 'MultiPolygon', coordinates }, areaHa: 0, parts: 0 };

	// 2. clusters of polygons whose bboxes touch, transitively (flatbush + union-find): the union of
	//    one cluster never overlaps another's, so each is unioned alone with a short sweep line
	const index = new Flatbush(items.length);
	for (const it of items) index.add(it.minX, it.minY, it.maxX, it.maxY);
	index.finish();
	const parent = new Int32Array(items.length);
	for (let i = 0; i < parent.length; i++) parent[i] = i;
	const find = (i: number): number => {
		while (parent[i] !== i) {
			parent[i] = parent[parent[i]!]!;
			i = parent[i]!;
		}
		return i;
	};
	for (let i = 0; i < items.length; i++) {
		const it = items[i]!;
		for (const j of index.search(it.minX, it.minY, it.maxX, it.maxY)) {
			const a = find(i);
			const b = find(j);
			if (a !== b) parent[a < b ? b : a] = a < b ? a : b;
		}
	}
	const clusters = new Map<number, Item[]>();
	for (let i = 0; i < items.length; i++) {
		const r = find(i);
		const list = clusters.get(r);
		if (list) list.push(items[i]!);
		else clusters.set(r, [items[i]!]);
	}

	// 3. per cluster: union (cascaded along a Hilbert curve when large) into a PolyTree → outer + holes
	for (const cluster of clusters.values()) {
		const merged = cluster.length > groupSize ? cascade(cluster, groupSize) : cluster.flatMap((c) => c.paths);
		const c = new Clipper64();
		c.addSubject(merged);
		const tree = new PolyTree64();
		c.execute(ClipType.Union, FillRule.NonZero, tree);
		area += collect(frame, tree, coordinates);
	}
	return {
		geometry: { type: 'MultiPolygon', coordinates },
		areaHa: intAreaToM2(frame, area) / 10_000,
		parts: coordinates.length
	};
}
