/**
 * GeoJSON driver (RFC 7946, plus the legacy 2008 `crs` member, which is honoured). Nesting depth is
 * checked on the text before JSON.parse (hostile 100,000-deep arrays), a BOM is stripped, and
 * projected coordinates without `crs` are detected (never read as degrees) by the shared CRS step.
 */
import type { Feature, Geometry } from 'geojson';
import { ReadContext, baseName } from '../context';
import { ImportError } from '../errors';
import { inferFields } from '../fields';
import { declaredFromEpsg, finishLayer, finishResult, type DeclaredCrs, type RawLayer } from '../layer';
import { decodeText, head } from '../text';
import type { Driver, InvalidFeature } from '../types';
import { issue } from '../errors';

const GEOMETRY_TYPES = new Set([
	'Point',
	'MultiPoint',
	'LineString',
	'MultiLineString',
	'Polygon',
	'MultiPolygon',
	'GeometryCollection'
]);

/** Max bracket depth of a JSON text, ignoring strings. Linear, no recursion. */
export function jsonDepth(text: string, stopAt: number): number {
	let depth = 0;
	let max = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 92) i++;
			else if (c === 34) inString = false;
		} else if (c === 34) inString = true;
		else if (c === 123 || c === 91) {
			depth++;
			if (depth > max) {
				max = depth;
				if (max > stopAt) return max;
			}
		} else if (c === 125 || c === 93) depth--;
	}
	return max;
}

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Legacy `crs` member → declared CRS; undefined when absent. Throws for a CRS we cannot use. */
function legacyCrs(crs: unknown): { declared: DeclaredCrs | null; unknownName?: string } | undefined {
	if (crs === undefined || crs === null) return undefined;
	const name =
		isObject(crs) && isObject(crs.properties) && typeof crs.properties.name === 'string'
			? crs.properties.name
			: '';
	const n = name.trim().toUpperCase();
	if (/CRS84$|CRS:84$/.test(n)) return { declared: declaredFromEpsg('4326') };
	const m = /EPSG:{1,2}(?:[\d.]*:)?(\d{4,5})$/.exec(n) ?? /^(\d{4,5})$/.exec(n);
	const code = m ? (m[1] as string) : null;
	const d = code ? declaredFromEpsg(code) : null;
	if (d) return { declared: d };
	return { declared: null, unknownName: name || JSON.stringify(crs).slice(0, 60) };
}

export const geojsonDriver: Driver = {
	id: 'geojson',
	extensions: ['.geojson', '.json'],
	label: 'GeoJSON',
	sniff(bytes, name) {
		const h = head(bytes, 4096);
		if (!h.startsWith('{')) return 0;
		let s = 0.3;
		if (
			/"type"\s*:\s*"(FeatureCollection|Feature|Point|MultiPoint|LineString|MultiLineString|Polygon|MultiPolygon|GeometryCollection)"/.test(
				h
			)
		)
			s = 0.9;
		else if (/"(features|coordinates|geometry)"\s*:/.test(h)) s = 0.7;
		if (/\.(geo)?json$/i.test(name)) s += 0.05;
		return Math.min(1, s);
	},
	async read(bytes, opts) {
		const ctx = new ReadContext(opts);
		ctx.checkSize(bytes);
		const text = decodeText(bytes).text;
		ctx.progress(0.1);
		const depth = jsonDepth(text, ctx.limits.maxDepth);
		if (depth > ctx.limits.maxDepth)
			throw new ImportError('IMPORT_JSON_TOO_DEEP', { max: ctx.limits.maxDepth });
		let value: unknown;
		try {
			value = JSON.parse(text);
		} catch (e) {
			throw new ImportError('IMPORT_JSON_SYNTAX', {
				detail: e instanceof Error ? e.message.slice(0, 120) : ''
			});
		}
		ctx.progress(0.4);
		if (!isObject(value))
			throw new ImportError('IMPORT_GEOJSON_INVALID', { detail: 'la raíz no es un objeto' });
		if (value.type === 'Topology') throw new ImportError('IMPORT_TOPOJSON');
		let list: unknown[];
		if (value.type === 'FeatureCollection') {
			if (!Array.isArray(value.features)) {
				throw new ImportError('IMPORT_GEOJSON_INVALID', { detail: '«features» no es una lista' });
			}
			list = value.features;
		} else if (value.type === 'Feature') list = [value];
		else if (typeof value.type === 'string' && GEOMETRY_TYPES.has(value.type)) {
			list = [{ type: 'Feature', properties: {}, geometry: value }];
		} else {
			throw new ImportError('IMPORT_GEOJSON_INVALID', {
				detail: `tipo «${String(value.type).slice(0, 40)}» (se espera FeatureCollection, Feature o una geometría)`
			});
		}
		if (list.length > ctx.limits.maxFeatures)
			throw new ImportError('IMPORT_TOO_MANY_FEATURES', { max: ctx.limits.maxFeatures });
		const features: Feature<Geometry | null>[] = [];
		const indexes: number[] = [];
		const invalid: InvalidFeature[] = [];
		list.forEach((f, i) => {
			if (
				!isObject(f) ||
				f.type !== 'Feature' ||
				(f.properties !== undefined && f.properties !== null && !isObject(f.properties))
			) {
				invalid.push({
					index: i,
					reason: issue('IMPORT_GEOM_BAD', { index: i + 1, detail: 'no es un Feature' })
				});
				return;
			}
			const props = isObject(f.properties) ? f.properties : {};
			const feat: Feature<Geometry | null> = {
				type: 'Feature',
				properties: props,
				geometry: (f.geometry ?? null) as Geometry | null
			};
			if (typeof f.id === 'string' || typeof f.id === 'number') feat.id = f.id;
			features.push(feat);
			indexes.push(i);
		});
		const legacy = legacyCrs(value.crs);
		let declared: DeclaredCrs | null = legacy?.declared ?? null;
		if (legacy?.unknownName && !opts.sourceCrs) {
			const allNull = features.every((f) => f.geometry === null);
			if (!allNull) throw new ImportError('IMPORT_CRS_UNSUPPORTED', { crs: legacy.unknownName });
			ctx.warn('IMPORT_CRS_UNKNOWN', { layer: baseName(opts.name), detail: legacy.unknownName });
			declared = declaredFromEpsg('4326');
		}
		const raw: RawLayer = {
			name: baseName(opts.name),
			format: 'geojson',
			features,
			indexes,
			invalid,
			fields: inferFields(features),
			declared,
			wgs84ByDefinition: true
		};
		return finishResult('geojson', [finishLayer(raw, ctx, opts.sourceCrs)], ctx);
	}
};
