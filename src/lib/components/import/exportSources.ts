/**
 * Sources for the export dialog: fetch a reference layer, an imported layer or the interventions
 * (optionally filtered as a table: type / state / project / community) as WGS84 FeatureCollections with
 * flat properties (nested values such as `measures` become columns; shapefile and CSV need flat rows).
 */
import type { Feature, FeatureCollection } from 'geojson';

export interface InterventionFilter {
	type?: string;
	state?: string;
	/** '' = without project */
	projectId?: string;
	community?: string;
}

const MEASURE_KEYS = [
	'areaHa',
	'lengthM',
	'perimeterM',
	'volumeM3',
	'treatedHa',
	'plants',
	'fenceM',
	'posts',
	'protectedHa',
	'capacityM3',
	'costSoles',
	'count'
] as const;

/** Flat, export-friendly properties of an intervention feature (API shape → columns). */
export function flattenIntervention(f: Feature): Feature {
	const p = (f.properties ?? {}) as Record<string, unknown>;
	const m = (p.measures ?? {}) as Record<string, unknown>;
	const props: Record<string, unknown> = {
		id: f.id ?? p.id ?? null,
		name: p.name ?? null,
		type: p.type ?? null,
		state: p.state ?? null,
		community: p.community ?? null,
		projectId: p.projectId ?? null,
		startDate: p.startDate ?? null,
		endDate: p.endDate ?? null,
		status: (f as { status?: unknown }).status ?? p.status ?? null
	};
	for (const k of MEASURE_KEYS) if (typeof m[k] === 'number') props[k] = m[k];
	props.warnings = Array.isArray(p.warnings)
		? p.warnings.map((w) => (w as { code?: string }).code).join(',')
		: '';
	if (typeof p.notes === 'string') props.notes = p.notes;
	return { type: 'Feature', geometry: f.geometry, properties: props };
}

export function matchesFilter(f: Feature, q: InterventionFilter): boolean {
	const p = (f.properties ?? {}) as Record<string, unknown>;
	if (q.type && p.type !== q.type) return false;
	if (q.state && p.state !== q.state) return false;
	if (q.projectId !== undefined && (p.projectId ?? '') !== q.projectId) return false;
	if (q.community && String(p.community ?? '').toLowerCase() !== q.community.toLowerCase()) return false;
	return true;
}

async function getJson<T>(url: string, fetcher: typeof fetch): Promise<T> {
	const r = await fetcher(url);
	const body = await r.json().catch(() => ({}));
	if (!r.ok) throw new Error((body as { message?: string }).message ?? `HTTP ${r.status}`);
	return body as T;
}

/** Every intervention visible to the caller (paged through the generic features API). */
export async function fetchInterventions(
	filter: InterventionFilter = {},
	fetcher: typeof fetch = fetch
): Promise<FeatureCollection> {
	const all: Feature[] = [];
	for (let offset = 0; offset < 1_000_000; offset += 5000) {
		const page = await getJson<FeatureCollection & { numberMatched?: number }>(
			`/api/collections/intervenciones/features?limit=5000&offset=${offset}`,
			fetcher
		);
		all.push(...page.features);
		if (page.features.length < 5000) break;
	}
	return {
		type: 'FeatureCollection',
		features: all.filter((f) => matchesFilter(f, filter)).map(flattenIntervention)
	};
}

/** A reference layer (`/api/layers/:id`) or an imported layer (`/api/imports/layers/:id`) as is. */
export async function fetchLayer(url: string, fetcher: typeof fetch = fetch): Promise<FeatureCollection> {
	const fc = await getJson<FeatureCollection>(url, fetcher);
	return { type: 'FeatureCollection', features: fc.features };
}
