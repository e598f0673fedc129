/** GeoJSON export (RFC 7946: WGS84 lon/lat, no `crs` member). */
import type { FeatureCollection } from 'geojson';
import { safeName, type ExportFile, type ExportOptions } from './types';

export function exportGeoJSON(fc: FeatureCollection, opts: ExportOptions): ExportFile {
	const out = { type: 'FeatureCollection', name: opts.name, features: fc.features };
	return {
		filename: `${safeName(opts.name)}.geojson`,
		mime: 'application/geo+json',
		bytes: new TextEncoder().encode(JSON.stringify(out)),
		notes: []
	};
}
