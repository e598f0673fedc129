/**
 * CSV export: attributes plus lon/lat (EPSG:4326) or este/norte (UTM) for points, a WKT column for
 * other geometries. Text cells that a spreadsheet would run as a formula (= + - @ tab CR) are
 * prefixed with an apostrophe (CSV injection, OWASP).
 */
import type { FeatureCollection, Geometry, Position } from 'geojson';
import { project } from '../crs';
import { safeName, type ExportFile, type ExportOptions } from './types';

function fieldNames(fc: FeatureCollection): string[] {
	const names: string[] = [];
	const seen = new Set<string>();
	for (const f of fc.features)
		for (const k of Object.keys(f.properties ?? {}))
			if (!seen.has(k)) {
				seen.add(k);
				names.push(k);
			}
	return names;
}

export function toWkt(g: Geometry, pt: (p: Position) => string): string {
	const ring = (r: Position[]): string => `(${r.map(pt).join(', ')})`;
	const poly = (p: Position[][]): string => `(${p.map(ring).join(', ')})`;
	switch (g.type) {
		case 'Point':
			return `POINT (${pt(g.coordinates)})`;
		case 'MultiPoint':
			return `MULTIPOINT (${g.coordinates.map((p) => `(${pt(p)})`).join(', ')})`;
		case 'LineString':
			return `LINESTRING ${ring(g.coordinates)}`;
		case 'MultiLineString':
			return `MULTILINESTRING (${g.coordinates.map(ring).join(', ')})`;
		case 'Polygon':
			return `POLYGON ${poly(g.coordinates)}`;
		case 'MultiPolygon':
			return `MULTIPOLYGON (${g.coordinates.map(poly).join(', ')})`;
		case 'GeometryCollection':
			return `GEOMETRYCOLLECTION (${g.geometries.map((m) => toWkt(m, pt)).join(', ')})`;
	}
}

export function exportCSV(fc: FeatureCollection, opts: ExportOptions): ExportFile {
	const epsg = opts.epsg ?? 4326;
	const delim = opts.csvDelimiter ?? ',';
	const num = (n: number): string => (delim === ';' ? String(n).replace('.', ',') : String(n));
	const cell = (v: unknown): string => {
		if (v === null || v === undefined) return '';
		if (typeof v === 'number') return Number.isFinite(v) ? num(v) : '';
		let s = typeof v === 'object' ? JSON.stringify(v) : String(v);
		if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
		return /["\r\n]/.test(s) || s.includes(delim) ? `"${s.replace(/"/g, '""')}"` : s;
	};
	const names = fieldNames(fc);
	const geo = epsg === 4326;
	const allPoints = fc.features.every((f) => !f.geometry || f.geometry.type === 'Point');
	const coordCols = allPoints ? (geo ? ['lon', 'lat'] : ['este', 'norte']) : ['wkt'];
	const header = [...names.map(cell), ...coordCols.filter((c) => !names.includes(c))];
	const lines = [header.join(delim)];
	const xy = (p: Position): [number, number] => {
		const [x, y] = project([p[0] as number, p[1] as number], epsg);
		return geo ? [x, y] : [Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000];
	};
	for (const f of fc.features) {
		const row = names.map((n) => cell((f.properties ?? {})[n]));
		const g = f.geometry;
		if (allPoints) {
			if (g && g.type === 'Point') row.push(...xy(g.coordinates).map(num));
			else row.push('', '');
		} else {
			row.push(g ? cell(toWkt(g, (p) => xy(p).join(' '))) : '');
		}
		lines.push(row.join(delim));
	}
	return {
		filename: `${safeName(opts.name)}.csv`,
		mime: 'text/csv',
		bytes: new TextEncoder().encode(lines.join('\r\n') + '\r\n'),
		notes: []
	};
}
