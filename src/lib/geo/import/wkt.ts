/**
 * Minimal WKT geometry reader for CSV geometry columns: POINT, LINESTRING, POLYGON, MULTIPOINT,
 * MULTILINESTRING, MULTIPOLYGON (2D, optional Z/M values ignored beyond Z). Returns null on anything else.
 * Iterative tokenizer with a depth cap; no recursion on input.
 */
import type { Geometry, Position } from 'geojson';

const TYPES: Record<string, [Geometry['type'], number]> = {
	POINT: ['Point', 1],
	LINESTRING: ['LineString', 2],
	POLYGON: ['Polygon', 3],
	MULTIPOINT: ['MultiPoint', 2],
	MULTILINESTRING: ['MultiLineString', 3],
	MULTIPOLYGON: ['MultiPolygon', 4]
};

export function parseWktGeometry(text: string): Geometry | null {
	const m = /^\s*(?:SRID=\d+;)?\s*([A-Za-z]+)\s*(?:ZM|Z|M)?\s*(\(.*\)|EMPTY)\s*$/s.exec(text);
	if (!m) return null;
	const t = TYPES[(m[1] as string).toUpperCase()];
	if (!t) return null;
	if ((m[2] as string).toUpperCase() === 'EMPTY') return null;
	const body = m[2] as string;
	// Build nested arrays with an explicit stack.
	const root: unknown[] = [];
	const stack: unknown[][] = [root];
	let numBuf: string[] = [];
	let token = '';
	const flushNum = (): void => {
		if (token) numBuf.push(token);
		token = '';
	};
	const flushPos = (): boolean => {
		flushNum();
		if (numBuf.length === 0) return true;
		if (numBuf.length < 2 || numBuf.length > 4) return false;
		const nums = numBuf.map(Number);
		if (nums.some((n) => Number.isNaN(n))) return false;
		(stack[stack.length - 1] as unknown[]).push(nums.slice(0, nums.length === 4 ? 3 : nums.length));
		numBuf = [];
		return true;
	};
	for (const ch of body) {
		if (ch === '(') {
			if (stack.length > 6) return null;
			const arr: unknown[] = [];
			(stack[stack.length - 1] as unknown[]).push(arr);
			stack.push(arr);
		} else if (ch === ')') {
			if (!flushPos() || stack.length < 2) return null;
			stack.pop();
		} else if (ch === ',') {
			if (!flushPos()) return null;
		} else if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') flushNum();
		else token += ch;
	}
	if (stack.length !== 1 || root.length !== 1) return null;
	let coords = root[0] as unknown[];
	const [type, depth] = t;
	// POINT (x y) → [[x,y]] ; unwrap one level
	if (type === 'Point') {
		const p = coords[0] as Position | undefined;
		return p ? { type: 'Point', coordinates: p } : null;
	}
	// MULTIPOINT ((1 2), (3 4)) or (1 2, 3 4)
	if (type === 'MultiPoint') {
		coords = coords.map((c) => (Array.isArray(c) && Array.isArray(c[0]) ? c[0] : c));
	}
	const d = (a: unknown): number => (Array.isArray(a) ? 1 + d(a[0]) : 0);
	if (d(coords) !== depth) return null;
	return { type, coordinates: coords } as Geometry;
}
