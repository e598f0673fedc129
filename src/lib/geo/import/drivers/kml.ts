/**
 * KML driver (togeojson over a guarded xmldom parse). Layers as GDAL's LIBKML driver makes them: the
 * top Document (or Folder) is one layer, named after it (or the file), and every Folder inside it is
 * a layer of its own (its direct Placemarks), named after the folder ("Layer0", "Layer1"… when it has
 * no name); folders without Placemarks give no layer. As KML 2.2 (and GDAL) say, <kml> holds one
 * Feature: Placemarks after the first top-level one are ignored, with a warning. Non-standard
 * <MultiPolygon>/<MultiLineString>/<MultiPoint> are read as <MultiGeometry>, as GDAL reads them.
 * Placemarks without a geometry are kept (null geometry, as GDAL does), but a Placemark whose
 * coordinates could not be read (e.g. "x y" without commas) is listed as invalid rather than
 * silently turned into null.
 */
import { kmlGen } from '@tmcw/togeojson';
import type { Feature, Geometry } from 'geojson';
import { ReadContext, baseName } from '../context';
import { ImportError, issue } from '../errors';
import { inferFields } from '../fields';
import { declaredFromEpsg, finishLayer, finishResult, type RawLayer } from '../layer';
import { head } from '../text';
import type { Driver, ImportResult, InvalidFeature, ReadOptions } from '../types';
import { parseXml, rootName } from '../xml';

type El = {
	getElementsByTagName(n: string): ArrayLike<El>;
	textContent: string | null;
	nodeType: number;
	localName?: string | null;
	nodeName: string;
	parentNode: El | null;
	childNodes: ArrayLike<El>;
	namespaceURI?: string | null;
	ownerDocument?: { createElementNS(ns: string | null, n: string): El } | null;
	appendChild(c: El): El;
	replaceChild(n: El, o: El): El;
};

const local = (e: El): string => (e.localName ?? e.nodeName).replace(/^.*:/, '');
const FEATURES = new Set([
	'Placemark',
	'Document',
	'Folder',
	'GroundOverlay',
	'PhotoOverlay',
	'ScreenOverlay',
	'NetworkLink'
]);

function childElements(e: El): El[] {
	const out: El[] = [];
	for (let i = 0; i < e.childNodes.length; i++) {
		const c = e.childNodes[i] as El;
		if (c.nodeType === 1) out.push(c);
	}
	return out;
}

function ownName(e: El): string {
	const n = childElements(e).find((c) => local(c) === 'name');
	const t = (n?.textContent ?? '').trim();
	return t.length < 120 ? t : '';
}

/** GML-style multi-geometries some writers put in KML (GDAL issue 4031) → <MultiGeometry>. */
function normaliseMulti(doc: El): void {
	for (const tag of ['MultiPolygon', 'MultiLineString', 'MultiPoint']) {
		const list = Array.from(doc.getElementsByTagName(tag));
		for (const el of list) {
			const parent = el.parentNode;
			const mk = el.ownerDocument?.createElementNS(el.namespaceURI ?? null, 'MultiGeometry');
			if (!parent || !mk) continue;
			for (const c of Array.from(el.childNodes)) mk.appendChild(c);
			parent.replaceChild(mk, el);
		}
	}
}

function hasCoordinateText(pm: El): boolean {
	for (const tag of ['coordinates', 'gx:coord', 'coord']) {
		const list = pm.getElementsByTagName(tag);
		for (let i = 0; i < list.length; i++) if ((list[i]?.textContent ?? '').trim()) return true;
	}
	return false;
}

export async function readKmlBytes(
	bytes: Uint8Array,
	opts: ReadOptions,
	ctx: ReadContext,
	format: 'kml' | 'kmz'
): Promise<ImportResult> {
	const doc = parseXml(bytes, ctx);
	const root = rootName(doc);
	if (root !== 'kml' && root !== 'document' && root !== 'folder')
		throw new ImportError('IMPORT_KML_NOT_KML', { root: root.slice(0, 30) });
	normaliseMulti(doc as unknown as El);
	const placemarks = doc.getElementsByTagName('Placemark') as unknown as ArrayLike<El>;
	const overlays = doc.getElementsByTagName('GroundOverlay').length;
	if (doc.getElementsByTagName('NetworkLink').length > 0) ctx.warn('IMPORT_KML_NETWORK_LINK');
	if (overlays > 0) ctx.warn('IMPORT_KML_GROUND_OVERLAY');
	const wanted = placemarks.length + overlays;
	if (wanted > ctx.limits.maxFeatures)
		throw new ImportError('IMPORT_TOO_MANY_FEATURES', { max: ctx.limits.maxFeatures });
	// The top container: <kml>'s first Feature child (KML 2.2 allows one), or the root itself.
	const rootEl = doc.documentElement as unknown as El;
	let top: El = rootEl;
	let extra: Set<El> | null = null;
	if (local(rootEl) === 'kml') {
		const feats = childElements(rootEl).filter((c) => FEATURES.has(local(c)));
		if (feats[0] && (local(feats[0]) === 'Document' || local(feats[0]) === 'Folder')) top = feats[0];
		if (feats.length > 1) {
			extra = new Set(feats.slice(1));
			ctx.warn('IMPORT_KML_EXTRA_ROOT_FEATURES', { count: feats.length - 1 });
		}
	}
	/** Layer key of a placemark: its nearest Folder/Document below `top`, or `top`; null when ignored. */
	const layerOf = (pm: El): El | null => {
		let container: El | null = null;
		for (let e: El | null = pm; e && e !== rootEl; e = e.parentNode) {
			if (extra?.has(e)) return null;
			if (!container && e !== pm && e !== top && (local(e) === 'Folder' || local(e) === 'Document'))
				container = e;
		}
		return container ?? top;
	};
	interface Acc {
		features: Feature<Geometry | null>[];
		indexes: number[];
		invalid: InvalidFeature[];
		seen: number;
	}
	const accs = new Map<El, Acc>();
	const acc = (k: El): Acc => {
		let a = accs.get(k);
		if (!a) accs.set(k, (a = { features: [], indexes: [], invalid: [], seen: 0 }));
		return a;
	};
	acc(top);
	let i = 0;
	for (const f of kmlGen(doc as unknown as Document)) {
		if (i >= wanted) break;
		if (i % 500 === 0) ctx.progress(0.3 + (0.3 * i) / Math.max(1, wanted));
		const pm = i < placemarks.length ? placemarks[i] : undefined;
		i++;
		const key = pm ? layerOf(pm) : top;
		if (!key) continue;
		const a = acc(key);
		const index = a.seen++;
		if (!f.geometry && pm && hasCoordinateText(pm)) {
			a.invalid.push({
				index,
				reason: issue('IMPORT_GEOM_BAD', {
					index: index + 1,
					detail: 'coordenadas KML ilegibles (¿faltan comas?)'
				})
			});
		} else {
			a.features.push(f as Feature<Geometry | null>);
			a.indexes.push(index);
		}
	}
	const used = new Set<string>();
	let unnamed = 0;
	const layers = [...accs.entries()]
		.filter(([k, a]) => k === top || a.seen > 0)
		.filter(([k, a], _, all) => a.seen > 0 || all.length === 1 || k !== top)
		.map(([k, a]) => {
			let name = ownName(k);
			if (!name) name = k === top ? baseName(opts.name) : `Layer${unnamed++}`;
			for (let n = 2, base = name; used.has(name); n++) name = `${base} (${n})`;
			used.add(name);
			const raw: RawLayer = {
				name,
				format,
				features: a.features,
				indexes: a.indexes,
				invalid: a.invalid,
				fields: inferFields(a.features),
				declared: declaredFromEpsg('4326'),
				wgs84ByDefinition: true
			};
			return finishLayer(raw, ctx, opts.sourceCrs);
		});
	return finishResult(format, layers, ctx);
}

export const kmlDriver: Driver = {
	id: 'kml',
	extensions: ['.kml'],
	label: 'KML (Google Earth)',
	sniff(bytes, name) {
		const h = head(bytes, 2048);
		if (!h.startsWith('<')) return 0;
		let s = /<kml[\s>]/.test(h) ? 0.95 : /<(Document|Placemark|Folder)[\s>]/.test(h) ? 0.6 : 0;
		if (s === 0 && /\.kml$/i.test(name) && h.startsWith('<')) s = 0.2;
		return s;
	},
	async read(bytes, opts) {
		const ctx = new ReadContext(opts);
		ctx.checkSize(bytes);
		return readKmlBytes(bytes, opts, ctx, 'kml');
	}
};
