/**
 * Zipped shapefile export, written here rather than with @mapbox/shp-write (docs/decisions/044-*):
 * one .shp/.shx/.dbf/.prj/.cpg set per geometry family present (points, multipoints, lines, polygons),
 * coordinates projected to the chosen CRS (WGS84 or WGS 84 / UTM 18S / 19S), UTF-8 .dbf with a .cpg,
 * field names cut to 10 bytes and made unique (renames listed in `notes`).
 */
import { zipSync } from 'fflate';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { project } from '../crs';
import { prjFor } from './prjWkt';
import { safeName, type ExportEpsg, type ExportFile, type ExportOptions } from './types';

type Family = 'puntos' | 'multipuntos' | 'lineas' | 'poligonos';
const SHAPE: Record<Family, number> = { puntos: 1, multipuntos: 8, lineas: 3, poligonos: 5 };

function family(g: Geometry | null): Family | null {
	if (!g) return null;
	switch (g.type) {
		case 'Point':
			return 'puntos';
		case 'MultiPoint':
			return 'multipuntos';
		case 'LineString':
		case 'MultiLineString':
			return 'lineas';
		case 'Polygon':
		case 'MultiPolygon':
			return 'poligonos';
		default:
			return null;
	}
}

/** Twice the signed area in a y-up plane: > 0 counter-clockwise. */
function signed2(r: number[][]): number {
	let s = 0;
	for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
		s +=
			((r[j] as number[])[0] as number) * ((r[i] as number[])[1] as number) -
			((r[i] as number[])[0] as number) * ((r[j] as number[])[1] as number);
	}
	return s;
}

interface Rec {
	parts: number[][][];
	type: number;
}

function parts(g: Geometry, xy: (p: Position) => number[]): number[][][] {
	switch (g.type) {
		case 'Point':
			return [[xy(g.coordinates)]];
		case 'MultiPoint':
			return [g.coordinates.map(xy)];
		case 'LineString':
			return [g.coordinates.map(xy)];
		case 'MultiLineString':
			return g.coordinates.map((l) => l.map(xy));
		case 'Polygon':
		case 'MultiPolygon': {
			const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
			const out: number[][][] = [];
			for (const p of polys) {
				p.forEach((ring, i) => {
					const r = ring.map(xy);
					// shapefile: outer rings clockwise, holes counter-clockwise
					const ccw = signed2(r) > 0;
					out.push((i === 0) === ccw ? r.reverse() : r);
				});
			}
			return out;
		}
		default:
			return [];
	}
}

function writeShpShx(recs: (Rec | null)[], type: number): { shp: Uint8Array; shx: Uint8Array } {
	const sizes = recs.map((r) => {
		if (!r) return 4;
		if (type === 1) return 20;
		const n = r.parts.reduce((a, p) => a + p.length, 0);
		return type === 8 ? 40 + 16 * n : 44 + 4 * r.parts.length + 16 * n;
	});
	const shpLen = 100 + sizes.reduce((a, s) => a + 8 + s, 0);
	const shp = new DataView(new ArrayBuffer(shpLen));
	const shx = new DataView(new ArrayBuffer(100 + 8 * recs.length));
	const bb = [Infinity, Infinity, -Infinity, -Infinity];
	for (const r of recs)
		for (const p of r?.parts ?? [])
			for (const q of p) {
				bb[0] = Math.min(bb[0] as number, q[0] as number);
				bb[1] = Math.min(bb[1] as number, q[1] as number);
				bb[2] = Math.max(bb[2] as number, q[0] as number);
				bb[3] = Math.max(bb[3] as number, q[1] as number);
			}
	if (!Number.isFinite(bb[0])) bb.fill(0);
	for (const [v, len] of [
		[shp, shpLen],
		[shx, 100 + 8 * recs.length]
	] as [DataView, number][]) {
		v.setInt32(0, 9994, false);
		v.setInt32(24, len / 2, false);
		v.setInt32(28, 1000, true);
		v.setInt32(32, type, true);
		bb.forEach((x, i) => v.setFloat64(36 + i * 8, x as number, true));
	}
	let p = 100;
	recs.forEach((r, i) => {
		const size = sizes[i] as number;
		shx.setInt32(100 + i * 8, p / 2, false);
		shx.setInt32(104 + i * 8, size / 2, false);
		shp.setInt32(p, i + 1, false);
		shp.setInt32(p + 4, size / 2, false);
		const c = p + 8;
		if (!r) shp.setInt32(c, 0, true);
		else if (type === 1) {
			const q = (r.parts[0] as number[][])[0] as number[];
			shp.setInt32(c, 1, true);
			shp.setFloat64(c + 4, q[0] as number, true);
			shp.setFloat64(c + 12, q[1] as number, true);
		} else {
			const pts = r.parts.flat();
			const b = [Infinity, Infinity, -Infinity, -Infinity];
			for (const q of pts) {
				b[0] = Math.min(b[0] as number, q[0] as number);
				b[1] = Math.min(b[1] as number, q[1] as number);
				b[2] = Math.max(b[2] as number, q[0] as number);
				b[3] = Math.max(b[3] as number, q[1] as number);
			}
			shp.setInt32(c, type, true);
			b.forEach((x, k) => shp.setFloat64(c + 4 + k * 8, x as number, true));
			let o: number;
			if (type === 8) {
				shp.setInt32(c + 36, pts.length, true);
				o = c + 40;
			} else {
				shp.setInt32(c + 36, r.parts.length, true);
				shp.setInt32(c + 40, pts.length, true);
				let start = 0;
				r.parts.forEach((part, k) => {
					shp.setInt32(c + 44 + k * 4, start, true);
					start += part.length;
				});
				o = c + 44 + 4 * r.parts.length;
			}
			pts.forEach((q, k) => {
				shp.setFloat64(o + k * 16, q[0] as number, true);
				shp.setFloat64(o + k * 16 + 8, q[1] as number, true);
			});
		}
		p += 8 + size;
	});
	return { shp: new Uint8Array(shp.buffer), shx: new Uint8Array(shx.buffer) };
}

interface DbfField {
	name: string;
	source: string;
	type: 'C' | 'N' | 'L';
	length: number;
	decimals: number;
}

const enc = new TextEncoder();

function fieldsFor(features: Feature[], notes: string[]): DbfField[] {
	const keys: string[] = [];
	const seenKey = new Set<string>();
	for (const f of features)
		for (const k of Object.keys(f.properties ?? {}))
			if (!seenKey.has(k)) {
				seenKey.add(k);
				keys.push(k);
			}
	const used = new Set<string>();
	return keys.slice(0, 255).map((k) => {
		const vals = features.map((f) => (f.properties ?? {})[k]).filter((v) => v !== null && v !== undefined);
		let type: DbfField['type'] = 'C';
		let decimals = 0;
		let length = 1;
		if (vals.length && vals.every((v) => typeof v === 'number' && Number.isFinite(v))) {
			type = 'N';
			const ints = vals.every((v) => Number.isInteger(v) && Math.abs(v as number) < 1e15);
			decimals = ints ? 0 : 10;
			length = ints ? 18 : 24;
		} else if (vals.length && vals.every((v) => typeof v === 'boolean')) type = 'L';
		else {
			for (const v of vals)
				length = Math.max(length, enc.encode(typeof v === 'object' ? JSON.stringify(v) : String(v)).length);
			length = Math.min(254, length);
		}
		const base =
			k
				.normalize('NFD')
				.replace(/[\u0300-\u036f]/g, '')
				.replace(/[^A-Za-z0-9_]/g, '_')
				.slice(0, 10) || 'campo';
		let name = base;
		for (let i = 1; used.has(name.toUpperCase()); i++)
			name = `${base.slice(0, 10 - String(i).length - 1)}_${i}`;
		used.add(name.toUpperCase());
		if (name !== k)
			notes.push(`Campo «${k}» → «${name}» (los nombres del .dbf tienen como máximo 10 caracteres).`);
		return { name, source: k, type, length: type === 'L' ? 1 : length, decimals };
	});
}

/** UTF-8 bytes cut at a character boundary to at most n bytes. */
function cut(s: string, n: number): Uint8Array {
	const b = enc.encode(s);
	if (b.length <= n) return b;
	let end = n;
	while (end > 0 && ((b[end] as number) & 0xc0) === 0x80) end--;
	return b.subarray(0, end);
}

function writeDbf(features: Feature[], fields: DbfField[]): Uint8Array {
	const headerLen = 32 + 32 * fields.length + 1;
	const recLen = 1 + fields.reduce((a, f) => a + f.length, 0);
	const out = new Uint8Array(headerLen + recLen * features.length + 1);
	const v = new DataView(out.buffer);
	const now = new Date();
	out[0] = 0x03;
	out[1] = now.getUTCFullYear() - 1900;
	out[2] = now.getUTCMonth() + 1;
	out[3] = now.getUTCDate();
	v.setUint32(4, features.length, true);
	v.setUint16(8, headerLen, true);
	v.setUint16(10, recLen, true);
	fields.forEach((f, i) => {
		const p = 32 + i * 32;
		out.set(enc.encode(f.name), p);
		out[p + 11] = f.type.charCodeAt(0);
		out[p + 16] = f.length;
		out[p + 17] = f.decimals;
	});
	out[headerLen - 1] = 0x0d;
	features.forEach((feat, r) => {
		let p = headerLen + r * recLen;
		out[p++] = 0x20;
		for (const f of fields) {
			out.fill(0x20, p, p + f.length);
			const val = (feat.properties ?? {})[f.source];
			if (val !== null && val !== undefined) {
				if (f.type === 'N') {
					let s = (val as number).toFixed(f.decimals);
					if (s.length > f.length) s = (val as number).toExponential(f.length - 8);
					out.set(enc.encode(s.slice(0, f.length).padStart(f.length, ' ')), p);
				} else if (f.type === 'L') out[p] = val ? 0x54 : 0x46;
				else out.set(cut(typeof val === 'object' ? JSON.stringify(val) : String(val), f.length), p);
			} else if (f.type === 'L') out[p] = 0x3f;
			p += f.length;
		}
	});
	out[out.length - 1] = 0x1a;
	return out;
}

export function exportShapefile(fc: FeatureCollection, opts: ExportOptions): ExportFile {
	const epsg: ExportEpsg = opts.epsg ?? 4326;
	const base = safeName(opts.name);
	const notes: string[] = [];
	const xy = (p: Position): number[] => project([p[0] as number, p[1] as number], epsg);
	const groups = new Map<Family, Feature[]>();
	const nulls: Feature[] = [];
	for (const f of fc.features) {
		const fam = family(f.geometry);
		if (!fam) {
			if (f.geometry)
				notes.push(`Se omitió una entidad con geometría ${f.geometry.type} (no cabe en un shapefile).`);
			else nulls.push(f);
			continue;
		}
		let g = groups.get(fam);
		if (!g) groups.set(fam, (g = []));
		g.push(f);
	}
	if (groups.size === 0) groups.set('puntos', []);
	// features without geometry go with the first group as null shapes
	(groups.values().next().value as Feature[]).push(...nulls);
	const files: Record<string, Uint8Array> = {};
	const many = groups.size > 1;
	for (const [fam, feats] of groups) {
		const type = SHAPE[fam];
		const layer = many ? `${base}_${fam}` : base;
		const recs = feats.map((f) => (f.geometry ? { type, parts: parts(f.geometry, xy) } : null));
		const { shp, shx } = writeShpShx(recs, type);
		const fields = fieldsFor(feats, notes);
		files[`${layer}.shp`] = shp;
		files[`${layer}.shx`] = shx;
		files[`${layer}.dbf`] = writeDbf(feats, fields);
		files[`${layer}.prj`] = enc.encode(prjFor(epsg));
		files[`${layer}.cpg`] = enc.encode('UTF-8');
	}
	return {
		filename: `${base}.zip`,
		mime: 'application/zip',
		bytes: zipSync(files, { level: 6, mtime: new Date('2020-01-01T00:00:00Z') }),
		notes: [...new Set(notes)]
	};
}
