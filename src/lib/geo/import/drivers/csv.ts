/**
 * CSV driver (papaparse): comma / semicolon / tab / pipe, decimal comma, lat/lon or UTM este/norte
 * columns (found by name or given in opts.csv), a WKT column, or DMS values (13°24'30"S). Without
 * coordinate columns the rows come in as a table (null geometries). Every papaparse error is surfaced
 * as a warning; cells that look like spreadsheet formulas are kept as text and counted.
 */
import Papa from 'papaparse';
import type { Feature, Geometry } from 'geojson';
import { ReadContext, baseName } from '../context';
import { ImportError, issue } from '../errors';
import { declaredFromEpsg, finishLayer, finishResult, type RawLayer } from '../layer';
import { decodeText, head } from '../text';
import type { CsvOptions, Driver, FieldInfo, InvalidFeature } from '../types';
import { parseWktGeometry } from '../wkt';

const norm = (s: string): string =>
	s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]/g, '');

const LON = ['lon', 'long', 'lng', 'longitud', 'longitude', 'xlon', 'lonwgs84', 'longitudwgs84'];
const LAT = ['lat', 'latitud', 'latitude', 'ylat', 'latwgs84', 'latitudwgs84'];
const X = [
	'este',
	'easting',
	'x',
	'utme',
	'utmx',
	'e',
	'coordx',
	'xutm',
	'coordenadax',
	'coordeste',
	'estem'
];
const Y = [
	'norte',
	'northing',
	'y',
	'utmn',
	'utmy',
	'n',
	'coordy',
	'yutm',
	'coordenaday',
	'coordnorte',
	'nortem'
];
const WKT = ['wkt', 'geometry', 'geom', 'thegeom', 'geometria', 'wktgeom'];

function find(headers: string[], names: string[]): string | undefined {
	for (const n of names) {
		const h = headers.find((x) => norm(x) === n);
		if (h !== undefined) return h;
	}
	return undefined;
}

const DMS =
	/^\s*([-+]?\d+(?:[.,]\d+)?)\s*[°º]\s*(?:(\d+(?:[.,]\d+)?)\s*['′’]\s*)?(?:(\d+(?:[.,]\d+)?)\s*(?:["″”]|'')\s*)?([NSEWO])?\s*$/i;

/** Parse a coordinate cell; NaN when unreadable. */
export function parseCoord(cell: string, decimal: '.' | ','): number {
	const s = cell.trim();
	if (!s) return NaN;
	const dms = DMS.exec(s);
	if (dms) {
		const n = (v: string | undefined): number => (v ? Number(v.replace(',', '.')) : 0);
		const deg = n(dms[1]);
		let v = Math.abs(deg) + n(dms[2]) / 60 + n(dms[3]) / 3600;
		const h = (dms[4] ?? '').toUpperCase();
		if (deg < 0 || h === 'S' || h === 'W' || h === 'O') v = -v;
		return v;
	}
	const t = decimal === ',' ? s.replace(/\./g, '').replace(',', '.') : s;
	if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(t)) return NaN;
	return Number(t);
}

function sniffDecimal(rows: string[][], cols: number[]): '.' | ',' {
	let comma = 0;
	let dot = 0;
	for (const r of rows.slice(0, 200)) {
		for (const c of cols) {
			const v = (r[c] ?? '').trim();
			if (/^[-+]?\d+,\d+$/.test(v)) comma++;
			else if (/^[-+]?\d+\.\d+$/.test(v)) dot++;
		}
	}
	return comma > dot ? ',' : '.';
}

export const csvDriver: Driver = {
	id: 'csv',
	extensions: ['.csv', '.txt', '.tsv'],
	label: 'CSV (tabla con coordenadas)',
	sniff(bytes, name) {
		const h = head(bytes, 2048);
		if (!h || /^[<{[]/.test(h)) return 0;
		if (h.includes('\u0000')) return 0;
		const first = h.split(/\r?\n/)[0] ?? '';
		const delim = /[;,\t|]/.test(first);
		let s = delim ? 0.4 : 0.1;
		if (/\b(lat|lon|latitud|longitud|este|norte|x|y|wkt)\b/i.test(first)) s += 0.3;
		if (/\.(csv|tsv|txt)$/i.test(name)) s += 0.2;
		return Math.min(0.9, s);
	},
	async read(bytes, opts) {
		const ctx = new ReadContext(opts);
		ctx.checkSize(bytes);
		const decoded = decodeText(bytes, { allowLatin1: true });
		if (decoded.fellBack) ctx.warn('IMPORT_TEXT_LATIN1');
		const text = decoded.text;
		const o: CsvOptions = opts.csv ?? {};
		const parsed = Papa.parse<string[]>(text, {
			header: false,
			skipEmptyLines: 'greedy',
			delimiter: o.delimiter ?? '',
			delimitersToGuess: [',', ';', '\t', '|']
		});
		ctx.progress(0.3);
		const rows = parsed.data.filter((r) => Array.isArray(r));
		if (rows.length < 2) throw new ImportError('IMPORT_CSV_EMPTY');
		if (rows.length - 1 > ctx.limits.maxFeatures)
			throw new ImportError('IMPORT_TOO_MANY_FEATURES', { max: ctx.limits.maxFeatures });
		const seenErr = new Set<string>();
		for (const e of parsed.errors) {
			if (seenErr.has(e.code) || seenErr.size > 5) continue;
			seenErr.add(e.code);
			ctx.warn('IMPORT_CSV_SYNTAX', { detail: e.message.slice(0, 120), row: (e.row ?? 0) + 1 });
		}
		// Header: trimmed, unique, non-empty.
		const headers: string[] = [];
		for (const [i, h0] of (rows[0] as string[]).entries()) {
			const base =
				String(h0 ?? '')
					.replace(/^\uFEFF/, '')
					.trim() || `columna${i + 1}`;
			let h = base;
			for (let k = 2; headers.includes(h); k++) h = `${base}_${k}`;
			if (h !== base) ctx.warn('IMPORT_CSV_DUPLICATE_COLUMN', { column: base.slice(0, 40) });
			headers.push(h);
		}
		const data = rows.slice(1);
		const ragged = data.findIndex((r) => r.length !== headers.length);
		if (ragged >= 0 && !seenErr.has('FieldMismatch')) {
			ctx.warn('IMPORT_CSV_SYNTAX', {
				detail: `la fila tiene ${data[ragged]?.length ?? 0} campos y la cabecera ${headers.length}`,
				row: ragged + 2
			});
		}
		const col = (name: string | undefined): number => (name === undefined ? -1 : headers.indexOf(name));
		const lonC = col(o.lon ?? find(headers, LON));
		const latC = col(o.lat ?? find(headers, LAT));
		const xC = col(o.x ?? find(headers, X));
		const yC = col(o.y ?? find(headers, Y));
		const wktC = col(o.wkt ?? find(headers, WKT));
		const useLonLat = lonC >= 0 && latC >= 0;
		const useXY = !useLonLat && xC >= 0 && yC >= 0;
		const useWkt = !useLonLat && !useXY && wktC >= 0;
		const coordCols = useLonLat ? [lonC, latC] : useXY ? [xC, yC] : [];
		const decimal = o.decimal ?? sniffDecimal(data, coordCols);
		if (!useLonLat && !useXY && !useWkt) ctx.warn('IMPORT_CSV_NO_COORDINATES');
		// Column types (numbers only when every non-empty cell is one, without leading zeros).
		const numeric = headers.map((_, c) => {
			let any = false;
			for (const r of data) {
				const v = (r[c] ?? '').trim();
				if (!v) continue;
				any = true;
				if (/^[-+]?0\d/.test(v) || Number.isNaN(parseCoordPlain(v, decimal))) return false;
			}
			return any;
		});
		const fields: FieldInfo[] = headers.map((name, c) => ({ name, type: numeric[c] ? 'number' : 'string' }));
		let formulas = 0;
		const features: Feature<Geometry | null>[] = [];
		const indexes: number[] = [];
		const invalid: InvalidFeature[] = [];
		data.forEach((r, i) => {
			if (i % 5000 === 0) ctx.progress(0.3 + (0.3 * i) / data.length);
			const entries: [string, unknown][] = headers.map((h, c) => {
				const v = r[c] ?? '';
				if (/^[=+\-@\t\r]/.test(v) && Number.isNaN(parseCoordPlain(v, decimal))) formulas++;
				return [h, numeric[c] && v.trim() ? parseCoordPlain(v, decimal) : v];
			});
			const properties = Object.fromEntries(entries) as Record<string, unknown>;
			let geometry: Geometry | null = null;
			if (coordCols.length) {
				const a = parseCoord(r[coordCols[0] as number] ?? '', decimal);
				const b = parseCoord(r[coordCols[1] as number] ?? '', decimal);
				if (Number.isNaN(a) || Number.isNaN(b)) {
					invalid.push({
						index: i,
						reason: issue('IMPORT_GEOM_BAD', {
							index: i + 1,
							detail: `fila ${i + 2}: coordenadas «${(r[coordCols[0] as number] ?? '').slice(0, 20)}», «${(r[coordCols[1] as number] ?? '').slice(0, 20)}» ilegibles`
						})
					});
					return;
				}
				geometry = { type: 'Point', coordinates: [a, b] };
			} else if (useWkt) {
				const w = (r[wktC] ?? '').trim();
				geometry = w ? parseWktGeometry(w) : null;
				if (w && !geometry) {
					invalid.push({
						index: i,
						reason: issue('IMPORT_GEOM_BAD', { index: i + 1, detail: `WKT ilegible en la fila ${i + 2}` })
					});
					return;
				}
			}
			features.push({ type: 'Feature', properties, geometry });
			indexes.push(i);
		});
		if (formulas) ctx.warn('IMPORT_CSV_FORMULA', { count: formulas });
		const raw: RawLayer = {
			name: baseName(opts.name),
			format: 'csv',
			features,
			indexes,
			invalid,
			fields,
			declared: useLonLat || (!useXY && !useWkt) ? declaredFromEpsg('4326') : null,
			wgs84ByDefinition: useLonLat
		};
		return finishResult('csv', [finishLayer(raw, ctx, opts.sourceCrs)], ctx);
	}
};

function parseCoordPlain(v: string, decimal: '.' | ','): number {
	const t = v.trim();
	const s = decimal === ',' ? t.replace(',', '.') : t;
	return /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(s) ? Number(s) : NaN;
}
