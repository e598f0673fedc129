/**
 * Shapefile .shp/.shx/.dbf reader written for hostile input (see docs/decisions/041-*.md): every
 * length and count is checked against the real buffer size before use, records are located through
 * the .shx (as GDAL does) and cross-checked with the .shp, and the .dbf header must agree with its
 * size and with the .shp record count. Output geometries are in source coordinates.
 */
import type { Geometry, Position } from 'geojson';
import { ImportError } from './errors';
import type { FieldInfo } from './types';

const TYPES: Record<number, string> = {
	0: 'Null',
	1: 'Point',
	3: 'PolyLine',
	5: 'Polygon',
	8: 'MultiPoint',
	11: 'PointZ',
	13: 'PolyLineZ',
	15: 'PolygonZ',
	18: 'MultiPointZ',
	21: 'PointM',
	23: 'PolyLineM',
	25: 'PolygonM',
	28: 'MultiPointM',
	31: 'MultiPatch'
};

export interface ShpRead {
	shapeType: number;
	geometries: (Geometry | null)[];
	/** Per-record problem (e.g. unsupported MultiPatch), by index. */
	problems: Map<number, string>;
	/** Records whose .shx length disagreed with the .shp and were read with the .shp's own length. */
	shxRepaired: number;
}

function dv(b: Uint8Array): DataView {
	return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function base(shapeType: number): number {
	return shapeType % 10 === 1
		? 1
		: shapeType % 10 === 3
			? 3
			: shapeType % 10 === 5
				? 5
				: shapeType % 10 === 8
					? 8
					: shapeType;
}

/** Signed area ×2 (shoelace); shapefile outer rings are clockwise (negative here). */
function ringArea2(r: Position[]): number {
	let s = 0;
	for (let i = 0, n = r.length, j = n - 1; i < n; j = i++) {
		const a = r[j] as Position;
		const b = r[i] as Position;
		s += ((a[0] as number) - (b[0] as number)) * ((a[1] as number) + (b[1] as number));
	}
	return s / 2;
}

function inRing(p: Position, r: Position[]): boolean {
	const x = p[0] as number;
	const y = p[1] as number;
	let inside = false;
	for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
		const xi = (r[i] as Position)[0] as number;
		const yi = (r[i] as Position)[1] as number;
		const xj = (r[j] as Position)[0] as number;
		const yj = (r[j] as Position)[1] as number;
		if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
	}
	return inside;
}

/**
 * Group rings into polygons: clockwise rings are outers, others holes of the outer that contains them.
 * Rings are fresh arrays owned by this reader, so they are reversed in place (no copies).
 */
function polygons(rings: Position[][]): Geometry {
	if (rings.length === 1) {
		// the common case; a lone counter-clockwise ring is an outer wound the RFC 7946 way already
		const r = rings[0] as Position[];
		if (ringArea2(r) <= 0) r.reverse();
		return { type: 'Polygon', coordinates: [r] };
	}
	const outers: Position[][][] = [];
	const holes: Position[][] = [];
	for (const r of rings) {
		// area2 < 0 with this formula means clockwise in a y-up plane
		if (ringArea2(r) <= 0) outers.push([r]);
		else holes.push(r);
	}
	const orphans = new Set<Position[]>();
	for (const h of holes) {
		const owner = outers.find((o) => h.length > 0 && inRing(h[0] as Position, o[0] as Position[]));
		if (owner) owner.push(h);
		else {
			outers.push([h]); // orphan hole: a wrongly wound outer, kept as it is (counter-clockwise)
			orphans.add(h);
		}
	}
	for (const o of outers) {
		// RFC 7946: outer counter-clockwise, holes clockwise
		if (!orphans.has(o[0] as Position[])) (o[0] as Position[]).reverse();
		for (let i = 1; i < o.length; i++) (o[i] as Position[]).reverse();
	}
	return outers.length === 1
		? { type: 'Polygon', coordinates: outers[0] as Position[][] }
		: { type: 'MultiPolygon', coordinates: outers };
}

function bad(layer: string, detail: string): ImportError {
	return new ImportError('IMPORT_SHP_CORRUPT', { layer, detail });
}

/** Read one record's content at [p, end). */
function record(
	v: DataView,
	p: number,
	end: number,
	headerType: number,
	layer: string,
	index: number
): Geometry | null {
	const t = v.getInt32(p, true);
	if (t === 0) return null;
	if (t !== headerType) {
		throw new ImportError('IMPORT_SHP_TYPE_MISMATCH', {
			layer,
			record: index + 1,
			recordType: TYPES[t] ?? String(t),
			headerType: TYPES[headerType] ?? String(headerType)
		});
	}
	const b = base(t);
	const hasZ = t >= 11 && t <= 18;
	if (b === 1) {
		if (p + 20 > end) throw bad(layer, `registro ${index + 1} demasiado corto`);
		const c: Position = [v.getFloat64(p + 4, true), v.getFloat64(p + 12, true)];
		if (hasZ && p + 28 <= end) c.push(v.getFloat64(p + 20, true));
		return { type: 'Point', coordinates: c };
	}
	if (b === 8) {
		if (p + 40 > end) throw bad(layer, `registro ${index + 1} demasiado corto`);
		const n = v.getInt32(p + 36, true);
		if (n < 0 || p + 40 + n * 16 > end) throw bad(layer, `registro ${index + 1}: ${n} puntos no caben`);
		if (n === 0) return null;
		const pts: Position[] = [];
		const zAt = p + 40 + n * 16 + 16;
		const withZ = hasZ && zAt + n * 8 <= end;
		for (let i = 0; i < n; i++) {
			const c: Position = [v.getFloat64(p + 40 + i * 16, true), v.getFloat64(p + 48 + i * 16, true)];
			if (withZ) c.push(v.getFloat64(zAt + i * 8, true));
			pts.push(c);
		}
		return { type: 'MultiPoint', coordinates: pts };
	}
	if (b === 3 || b === 5) {
		if (p + 44 > end) throw bad(layer, `registro ${index + 1} demasiado corto`);
		const nParts = v.getInt32(p + 36, true);
		const nPoints = v.getInt32(p + 40, true);
		if (nParts < 0 || nPoints < 0 || (nParts > nPoints && nPoints > 0)) {
			throw bad(layer, `registro ${index + 1}: ${nParts} partes, ${nPoints} puntos`);
		}
		const ptsAt = p + 44 + nParts * 4;
		if (ptsAt + nPoints * 16 > end) throw bad(layer, `registro ${index + 1}: los puntos exceden el registro`);
		if (nParts === 0 || nPoints === 0) return null;
		const zAt = ptsAt + nPoints * 16 + 16;
		const withZ = hasZ && zAt + nPoints * 8 <= end;
		const parts: Position[][] = [];
		for (let k = 0; k < nParts; k++) {
			const s = v.getInt32(p + 44 + k * 4, true);
			const e = k + 1 < nParts ? v.getInt32(p + 48 + k * 4, true) : nPoints;
			if (s < 0 || e > nPoints || s >= e) throw bad(layer, `registro ${index + 1}: índice de parte inválido`);
			const part: Position[] = new Array(e - s);
			for (let i = s; i < e; i++) {
				const q = ptsAt + i * 16;
				part[i - s] = withZ
					? [v.getFloat64(q, true), v.getFloat64(q + 8, true), v.getFloat64(zAt + i * 8, true)]
					: [v.getFloat64(q, true), v.getFloat64(q + 8, true)];
			}
			parts.push(part);
		}
		if (b === 3) {
			return parts.length === 1
				? { type: 'LineString', coordinates: parts[0] as Position[] }
				: { type: 'MultiLineString', coordinates: parts };
		}
		return polygons(parts);
	}
	throw bad(layer, `tipo de geometría ${TYPES[t] ?? t} no admitido`);
}

/** Parse a .shp using the .shx index. */
export function readShp(shp: Uint8Array, shx: Uint8Array, layer: string, maxRecords: number): ShpRead {
	if (shp.length < 100)
		throw new ImportError('IMPORT_SHP_TRUNCATED', { layer, detail: `${shp.length} bytes` });
	const v = dv(shp);
	if (v.getInt32(0, false) !== 9994) throw bad(layer, 'firma de cabecera incorrecta');
	const declared = v.getInt32(24, false) * 2;
	if (declared < 100) throw bad(layer, `longitud declarada ${declared}`);
	if (declared > shp.length) {
		throw new ImportError('IMPORT_SHP_TRUNCATED', { layer, detail: `${shp.length} de ${declared} bytes` });
	}
	const headerType = v.getInt32(32, true);
	if (!(headerType in TYPES)) throw bad(layer, `tipo de geometría ${headerType} desconocido`);
	if (headerType === 31) {
		throw new ImportError('IMPORT_SHP_CORRUPT', { layer, detail: 'MultiPatch (3D) no admitido' });
	}
	// .shx
	if (shx.length < 100)
		throw new ImportError('IMPORT_SHX_MISMATCH', { layer, detail: '.shx demasiado corto' });
	const x = dv(shx);
	if (x.getInt32(0, false) !== 9994) throw new ImportError('IMPORT_SHX_MISMATCH', { layer, detail: 'firma' });
	const shxLen = x.getInt32(24, false) * 2;
	if (shxLen < 100 || shxLen > shx.length || (shxLen - 100) % 8 !== 0) {
		throw new ImportError('IMPORT_SHX_MISMATCH', { layer, detail: `longitud ${shxLen}` });
	}
	const n = (shxLen - 100) / 8;
	if (n > maxRecords) throw new ImportError('IMPORT_TOO_MANY_FEATURES', { max: maxRecords });
	const geometries: (Geometry | null)[] = new Array(n);
	const problems = new Map<number, string>();
	let repaired = 0;
	for (let i = 0; i < n; i++) {
		const off = x.getInt32(100 + i * 8, false) * 2;
		let len = x.getInt32(104 + i * 8, false) * 2;
		if (off < 100 || len < 4)
			throw bad(layer, `el .shx da al registro ${i + 1} una posición o longitud inválida`);
		if (off + 8 > declared) {
			throw new ImportError('IMPORT_SHP_TRUNCATED', {
				layer,
				detail: `el registro ${i + 1} (byte ${off}) excede el .shp`
			});
		}
		const recLen = v.getInt32(off + 4, false) * 2;
		if (recLen !== len) {
			// As GDAL does: a .shx whose length disagrees with the record's own header is recovered from
			// the .shp when that header is plausible (fits in the declared file); a warning says so.
			if (recLen < 4 || off + 8 + recLen > declared) {
				throw new ImportError('IMPORT_SHX_MISMATCH', {
					layer,
					detail: `registro ${i + 1}: ${recLen} bytes en el .shp, ${len} en el .shx`
				});
			}
			len = recLen;
			repaired++;
		}
		if (off + 8 + len > declared) {
			throw new ImportError('IMPORT_SHP_TRUNCATED', {
				layer,
				detail: `el registro ${i + 1} (byte ${off}, ${len} bytes) excede el .shp`
			});
		}
		geometries[i] = record(v, off + 8, off + 8 + len, headerType, layer, i);
	}
	return { shapeType: headerType, geometries, problems, shxRepaired: repaired };
}

export interface DbfRead {
	fields: FieldInfo[];
	rows: Record<string, unknown>[];
	/** true when no .cpg was given and the text was not valid UTF-8 (read as Windows-1252). */
	latin1Fallback: boolean;
}

interface DbfField {
	name: string;
	type: string;
	length: number;
	decimals: number;
	offset: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** JavaScript's \\s (what the former regex trimming removed). */
const isWs = (c: number) =>
	c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c > 0x7f && /\s/.test(String.fromCharCode(c)));

/** Character field: trailing spaces, then trailing NULs, then trailing spaces and leading spaces removed. */
function trimText(s: string): string {
	let z = s.length;
	let a = 0;
	while (z > a && isWs(s.charCodeAt(z - 1))) z--;
	while (z > a && s.charCodeAt(z - 1) === 0) z--;
	while (z > a && isWs(s.charCodeAt(z - 1))) z--;
	while (a < z && isWs(s.charCodeAt(a))) a++;
	return a === 0 && z === s.length ? s : s.slice(a, z);
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * A .dbf numeric field's text → number, or null when empty, '***' (overflow) or not a number.
 * Plain decimals of ≤ 15 digits are computed as integer / 10^k — exact operands, one correctly rounded
 * division, so the same double as Number(text); anything else goes through Number().
 */
function dbfNumber(raw: string): number | null {
	const s = raw.trim();
	if (s === '') return null;
	let i = 0;
	let neg = false;
	const c0 = s.charCodeAt(0);
	if (c0 === 0x2d || c0 === 0x2b) {
		neg = c0 === 0x2d;
		i = 1;
	}
	let acc = 0;
	let digits = 0;
	let frac = -1;
	for (; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c >= 0x30 && c <= 0x39) {
			acc = acc * 10 + (c - 0x30);
			digits++;
			if (frac >= 0) frac++;
		} else if ((c === 0x2e || c === 0x2c) && frac < 0) frac = 0;
		else break;
	}
	if (i === s.length && digits > 0 && digits <= 15) {
		const v = frac > 0 ? acc / (POW10[frac] as number) : acc;
		return neg ? -v : v;
	}
	if (/^\*+$/.test(s)) return null;
	const num = Number(s.replace(',', '.'));
	return Number.isNaN(num) ? null : num;
}

/** Parse a .dbf; `encoding` from the .cpg (null: UTF-8 if valid, else Windows-1252). */
export function readDbf(
	dbf: Uint8Array,
	layer: string,
	encoding: string | null,
	maxRecords: number
): DbfRead {
	if (dbf.length < 33) throw new ImportError('IMPORT_DBF_CORRUPT', { layer, detail: 'demasiado corto' });
	const v = dv(dbf);
	const count = v.getUint32(4, true);
	const headerLen = v.getUint16(8, true);
	const recLen = v.getUint16(10, true);
	if (headerLen < 33 || recLen < 1 || headerLen > dbf.length) {
		throw new ImportError('IMPORT_DBF_CORRUPT', { layer, detail: 'cabecera inválida' });
	}
	if (count > maxRecords) throw new ImportError('IMPORT_TOO_MANY_FEATURES', { max: maxRecords });
	const available = Math.floor((dbf.length - headerLen) / recLen);
	if (count > available) {
		throw new ImportError('IMPORT_DBF_CORRUPT', {
			layer,
			detail: `la cabecera declara ${count} registros y el archivo solo tiene ${available}`
		});
	}
	const fields: DbfField[] = [];
	let off = 1;
	for (let p = 32; p + 32 <= headerLen && dbf[p] !== 0x0d; p += 32) {
		let end = p;
		while (end < p + 11 && dbf[end] !== 0) end++;
		const rawName = new TextDecoder('latin1').decode(dbf.subarray(p, end)).trim();
		const type = String.fromCharCode(dbf[p + 11] as number);
		const length = dbf[p + 16] as number;
		const decimals = dbf[p + 17] as number;
		if (length === 0)
			throw new ImportError('IMPORT_DBF_CORRUPT', { layer, detail: `campo «${rawName}» de ancho 0` });
		fields.push({ name: rawName || `campo${fields.length + 1}`, type, length, decimals, offset: off });
		off += length;
		if (fields.length > 2048)
			throw new ImportError('IMPORT_DBF_CORRUPT', { layer, detail: 'demasiados campos' });
	}
	if (off > recLen) {
		throw new ImportError('IMPORT_DBF_CORRUPT', {
			layer,
			detail: `los campos suman ${off} bytes y el registro mide ${recLen}`
		});
	}
	// Unique names (dbf names are ≤ 10 chars and may repeat after truncation).
	const seen = new Set<string>();
	for (const f of fields) {
		let nm = f.name;
		for (let k = 2; seen.has(nm); k++) nm = `${f.name}_${k}`;
		f.name = nm;
		seen.add(nm);
	}
	const body = dbf.subarray(headerLen, headerLen + count * recLen);
	let latin1Fallback = false;
	let decoder: TextDecoder;
	// Without a .cpg, the header's language driver id may declare the code page (GDAL writes 0x57).
	const ldid = dbf[29] as number;
	if (!encoding && [0x03, 0x57, 0x58, 0x59].includes(ldid)) encoding = 'windows-1252';
	if (encoding) {
		try {
			decoder = new TextDecoder(encoding);
		} catch {
			decoder = new TextDecoder('windows-1252');
		}
	} else {
		try {
			utf8.decode(body);
			decoder = new TextDecoder('utf-8');
		} catch {
			decoder = new TextDecoder('windows-1252');
			latin1Fallback = true;
		}
	}
	// Fast path: when the whole body is ASCII (most files), decode it once and slice strings out of it;
	// a TextDecoder call per value would dominate. Every supported code page agrees on ASCII.
	const enc = decoder.encoding;
	let ascii = enc === 'utf-8' || enc === 'windows-1252' || enc.startsWith('iso-8859');
	for (let i = 0; ascii && i < body.length; i++) if ((body[i] as number) >= 0x80) ascii = false;
	const text = ascii ? new TextDecoder('windows-1252').decode(body) : '';
	const get = (a: number, z: number): string =>
		ascii ? text.slice(a - headerLen, z - headerLen) : decoder.decode(dbf.subarray(a, z));
	const rows: Record<string, unknown>[] = new Array(count);
	for (let i = 0; i < count; i++) {
		const r = headerLen + i * recLen;
		const row: Record<string, unknown> = {};
		for (const f of fields) {
			const a = r + f.offset;
			const z = a + f.length;
			let value: unknown;
			switch (f.type) {
				case 'N':
				case 'F':
					value = dbfNumber(get(a, z));
					break;
				case 'L': {
					const c = String.fromCharCode(a < z ? (dbf[a] as number) : 63).toUpperCase();
					value = 'YT'.includes(c) ? true : 'NF'.includes(c) ? false : null;
					break;
				}
				case 'D': {
					const s = get(a, z).trim();
					value = /^\d{8}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}` : null;
					break;
				}
				default:
					value = trimText(get(a, z));
			}
			if (f.name === '__proto__') {
				Object.defineProperty(row, f.name, { value, enumerable: true, writable: true, configurable: true });
			} else row[f.name] = value;
		}
		rows[i] = row;
	}
	const infos: FieldInfo[] = fields.map((f) => ({
		name: f.name,
		type:
			f.type === 'N' || f.type === 'F'
				? f.decimals > 0
					? 'number'
					: 'integer'
				: f.type === 'L'
					? 'boolean'
					: f.type === 'D'
						? 'date'
						: 'string',
		source: `${f.type}(${f.length}${f.decimals ? `,${f.decimals}` : ''})`
	}));
	return { fields: infos, rows, latin1Fallback };
}
