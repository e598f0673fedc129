/**
 * GPX driver: waypoints, routes and tracks as three layers (as GDAL names them). Every lat/lon
 * attribute is checked before togeojson sees it: a decimal comma ("-13,42") is read as -13.42 with a
 * warning (never -13), and a point with a missing or unreadable coordinate makes its waypoint, route
 * or track invalid with a reason (togeojson would silently drop it or read NaN). Routes and tracks
 * without points are kept with a null geometry and ones with a single point are listed as invalid
 * (togeojson drops both; GDAL counts them as features).
 */
import { gpxGen } from '@tmcw/togeojson';
import type { Feature, Geometry } from 'geojson';
import { ReadContext } from '../context';
import { ImportError, issue } from '../errors';
import { inferFields } from '../fields';
import { declaredFromEpsg, finishLayer, finishResult, type RawLayer } from '../layer';
import { head } from '../text';
import type { Driver, InvalidFeature } from '../types';
import { parseXml, rootName } from '../xml';

interface XEl {
	getAttribute(n: string): string | null;
	setAttribute(n: string, v: string): void;
	getElementsByTagName(n: string): ArrayLike<XEl>;
	parentNode: { removeChild(c: unknown): unknown } | null;
}

const NUM = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;
const COMMA = /^\s*[-+]?\d+,\d+\s*$/;

type Kind = 'wpt' | 'rte' | 'trk';
const LAYER: Record<Kind, string> = { wpt: 'waypoints', rte: 'routes', trk: 'tracks' };

/** Check one point element; returns a problem text or null. Fixes decimal commas in place. */
function checkPoint(el: XEl, fixes: { count: number; example: string }): string | null {
	for (const a of ['lat', 'lon']) {
		const v = el.getAttribute(a);
		if (v === null || v.trim() === '') return `falta «${a}»`;
		if (COMMA.test(v)) {
			el.setAttribute(a, v.replace(',', '.'));
			fixes.count++;
			if (!fixes.example) fixes.example = v.trim();
			continue;
		}
		if (!NUM.test(v)) return `${a}="${v.slice(0, 30)}" no es un número`;
	}
	return null;
}

export const gpxDriver: Driver = {
	id: 'gpx',
	extensions: ['.gpx'],
	label: 'GPX (GPS)',
	sniff(bytes, name) {
		const h = head(bytes, 2048);
		if (!h.startsWith('<')) return 0;
		if (/<gpx[\s>]/.test(h)) return 0.95;
		return /\.gpx$/i.test(name) ? 0.2 : 0;
	},
	async read(bytes, opts) {
		const ctx = new ReadContext(opts);
		ctx.checkSize(bytes);
		const doc = parseXml(bytes, ctx);
		const root = rootName(doc);
		if (root !== 'gpx') throw new ImportError('IMPORT_GPX_NOT_GPX', { root: root.slice(0, 30) });
		const fixes = { count: 0, example: '' };
		const invalid: Record<Kind, InvalidFeature[]> = { wpt: [], rte: [], trk: [] };
		// routes/tracks togeojson will not yield (fewer than 2 points): index → null-geometry feature
		const empty: Record<Kind, Map<number, Feature<null>>> = {
			wpt: new Map(),
			rte: new Map(),
			trk: new Map()
		};
		const pointTags: Record<Kind, string> = { wpt: 'wpt', rte: 'rtept', trk: 'trkpt' };
		for (const kind of ['wpt', 'rte', 'trk'] as Kind[]) {
			const items = Array.from(doc.getElementsByTagName(kind) as unknown as ArrayLike<XEl>);
			if (items.length > ctx.limits.maxFeatures)
				throw new ImportError('IMPORT_TOO_MANY_FEATURES', { max: ctx.limits.maxFeatures });
			items.forEach((item, i) => {
				const pts = kind === 'wpt' ? [item] : Array.from(item.getElementsByTagName(pointTags[kind]));
				for (let k = 0; k < pts.length; k++) {
					const problem = checkPoint(pts[k] as XEl, fixes);
					if (problem) {
						const where = kind === 'wpt' ? '' : `punto ${k + 1}: `;
						invalid[kind].push({
							index: i,
							reason: issue('IMPORT_GEOM_BAD', { index: i + 1, detail: `${where}${problem}` })
						});
						item.parentNode?.removeChild(item);
						return;
					}
				}
				if (kind === 'wpt') return;
				// what togeojson yields: a route with ≥ 2 points, a track with a segment of ≥ 2 points
				const segs = kind === 'trk' ? Array.from(item.getElementsByTagName('trkseg')) : [item];
				const longest = Math.max(0, ...segs.map((g) => g.getElementsByTagName(pointTags[kind]).length));
				if (longest >= 2) return;
				item.parentNode?.removeChild(item);
				if (pts.length === 0) {
					const nm = (
						item as unknown as { getElementsByTagName(n: string): ArrayLike<{ textContent: string | null }> }
					)
						.getElementsByTagName('name')[0]
						?.textContent?.trim();
					empty[kind].set(i, {
						type: 'Feature',
						properties: { _gpxType: kind, ...(nm ? { name: nm } : {}) },
						geometry: null
					});
				} else {
					invalid[kind].push({
						index: i,
						reason: issue('IMPORT_GEOM_TOO_FEW_POINTS', {
							index: i + 1,
							detail: `${kind === 'rte' ? 'ruta' : 'track'} con ${pts.length} punto(s) (mínimo 2)`
						})
					});
				}
			});
		}
		if (fixes.count) ctx.warn('IMPORT_GPX_DECIMAL_COMMA', { count: fixes.count, example: fixes.example });
		ctx.progress(0.4);
		const byKind: Record<Kind, Feature<Geometry | null>[]> = { wpt: [], rte: [], trk: [] };
		let n = 0;
		for (const f of gpxGen(doc as unknown as Document)) {
			if (++n > ctx.limits.maxFeatures)
				throw new ImportError('IMPORT_TOO_MANY_FEATURES', { max: ctx.limits.maxFeatures });
			const t = (f.properties as { _gpxType?: string } | null)?._gpxType;
			const kind: Kind = t === 'trk' ? 'trk' : t === 'rte' ? 'rte' : 'wpt';
			byKind[kind].push(f as Feature<Geometry | null>);
		}
		const layers = (['wpt', 'rte', 'trk'] as Kind[])
			.filter((k) => byKind[k].length > 0 || invalid[k].length > 0 || empty[k].size > 0)
			.map((k) => {
				// file order: the invalid ones left out, the empty ones back in their place
				const bad = new Set(invalid[k].map((x) => x.index));
				const indexes: number[] = [];
				const features: Feature<Geometry | null>[] = [];
				const yielded = byKind[k];
				const lastEmpty = Math.max(-1, ...empty[k].keys());
				for (let i = 0, y = 0; y < yielded.length || i <= lastEmpty; i++) {
					if (bad.has(i)) continue;
					const e = empty[k].get(i);
					const f = e ?? yielded[y++];
					if (!f) break;
					features.push(f);
					indexes.push(i);
				}
				const raw: RawLayer = {
					name: LAYER[k],
					format: 'gpx',
					features,
					indexes,
					invalid: invalid[k],
					fields: inferFields(features),
					declared: declaredFromEpsg('4326'),
					wgs84ByDefinition: true
				};
				return finishLayer(raw, ctx, opts.sourceCrs);
			});
		return finishResult('gpx', layers, ctx);
	}
};
