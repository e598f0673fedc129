/**
 * Reference layers an intervention is checked against (microcuenca outline, ZEE zones), read from the
 * geodata catalogue and parsed once per catalogue ETag. Never throws: a missing layer yields `undefined`
 * and the caller adds a CONTEXT_UNAVAILABLE warning.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { getLayer } from '../geodata/catalogue';

export interface ZeeZone {
	id: string;
	name: string;
	categoria: string;
	geometry: Polygon | MultiPolygon;
}

const cache = new Map<string, { etag: string; value: unknown }>();

async function parsed<T>(id: string, build: (fc: FeatureCollection) => T): Promise<T | undefined> {
	const l = await getLayer(id);
	if (!l.found || l.body === undefined) return undefined;
	const hit = cache.get(id);
	if (hit && hit.etag === l.etag) return hit.value as T;
	const value = build(JSON.parse(l.body) as FeatureCollection);
	cache.set(id, { etag: l.etag, value });
	return value;
}

const polygonal = (f: Feature): f is Feature<Polygon | MultiPolygon> =>
	f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon';

/** The microcuenca as one (multi)polygon. */
export function microcuenca(): Promise<Polygon | MultiPolygon | undefined> {
	return parsed('microcuenca', (fc) => {
		const polys = fc.features.filter(polygonal).map((f) => f.geometry);
		if (polys.length === 0) return undefined;
		if (polys.length === 1) return polys[0];
		return {
			type: 'MultiPolygon',
			coordinates: polys.flatMap((g) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates))
		} satisfies MultiPolygon;
	});
}

/** ZEE zones with their category (`categoria` property, D.S. 087-2004-PCM). */
export function zeeZones(): Promise<ZeeZone[] | undefined> {
	return parsed('zee', (fc) =>
		fc.features.filter(polygonal).map((f, i) => {
			const p = (f.properties ?? {}) as Record<string, unknown>;
			const id = typeof p.id === 'string' ? p.id : String(f.id ?? `zee-${i + 1}`);
			return {
				id,
				name: typeof p.nombre === 'string' ? p.nombre : id,
				categoria: typeof p.categoria === 'string' ? p.categoria : '',
				geometry: f.geometry
			};
		})
	);
}
