/**
 * KML driver (togeojson over a guarded xmldom parse). One layer per file; Placemarks without a
 * geometry are kept (null geometry, as GDAL does), but a Placemark whose coordinates could not be
 * read (e.g. "x y" without commas) is listed as invalid rather than silently turned into null.
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

type El = { getElementsByTagName(n: string): ArrayLike<El>; textContent: string | null };

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
	const placemarks = doc.getElementsByTagName('Placemark') as unknown as ArrayLike<El>;
	const overlays = doc.getElementsByTagName('GroundOverlay').length;
	if (doc.getElementsByTagName('NetworkLink').length > 0) ctx.warn('IMPORT_KML_NETWORK_LINK');
	if (overlays > 0) ctx.warn('IMPORT_KML_GROUND_OVERLAY');
	const wanted = placemarks.length + overlays;
	if (wanted > ctx.limits.maxFeatures)
		throw new ImportError('IMPORT_TOO_MANY_FEATURES', { max: ctx.limits.maxFeatures });
	const features: Feature<Geometry | null>[] = [];
	const indexes: number[] = [];
	const invalid: InvalidFeature[] = [];
	let i = 0;
	for (const f of kmlGen(doc as unknown as Document)) {
		if (i >= wanted) break;
		if (i % 500 === 0) ctx.progress(0.3 + (0.3 * i) / Math.max(1, wanted));
		const pm = i < placemarks.length ? placemarks[i] : undefined;
		if (!f.geometry && pm && hasCoordinateText(pm)) {
			invalid.push({
				index: i,
				reason: issue('IMPORT_GEOM_BAD', {
					index: i + 1,
					detail: 'coordenadas KML ilegibles (¿faltan comas?)'
				})
			});
		} else {
			features.push(f as Feature<Geometry | null>);
			indexes.push(i);
		}
		i++;
	}
	const docName = doc
		.getElementsByTagName('Document')[0]
		?.getElementsByTagName('name')[0]
		?.textContent?.trim();
	const raw: RawLayer = {
		name: (docName && docName.length < 120 ? docName : '') || baseName(opts.name),
		format,
		features,
		indexes,
		invalid,
		fields: inferFields(features),
		declared: declaredFromEpsg('4326'),
		wgs84ByDefinition: true
	};
	return finishResult(format, [finishLayer(raw, ctx, opts.sourceCrs)], ctx);
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
