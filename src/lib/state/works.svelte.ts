import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { geodesicCircle } from '$lib/geo/buffer';
import type {
	InterventionMeasurement,
	InterventionState,
	InterventionType,
	ParamDef
} from '$lib/geo/interventions';

/** Stored properties of an intervention (see docs/interventions-api.md). */
export interface WorkProps {
	type: InterventionType;
	state: InterventionState;
	name?: string;
	projectId?: string;
	community?: string;
	startDate?: string;
	endDate?: string;
	notes?: string;
	attrs?: { species?: string[]; springName?: string; flowLps?: number; [k: string]: unknown };
	params?: Record<string, number>;
	measures?: InterventionMeasurement;
	warnings?: { code: string; message: string; ha?: number; m?: number }[];
}

export interface Work {
	type: 'Feature';
	id: string;
	geometry: Geometry;
	properties: WorkProps;
	status: string;
	version: number;
	createdAt?: string;
	updatedAt?: string;
	createdBy?: string | null;
}

export interface Project {
	id: string;
	name: string;
	year?: number | null;
	illustrative?: boolean;
	version: number;
}

export interface TypeInfo {
	type: InterventionType;
	nombre: string;
	geometries: ('point' | 'line' | 'polygon')[];
	mide: string;
	params: ParamDef[];
}

/** One row of GET /api/interventions/table (src/lib/server/interventions/table.ts). */
export interface TableRow {
	id: number;
	status: string;
	version: number;
	name: string;
	type: InterventionType;
	state: InterventionState;
	community: string;
	projectId: string;
	notes: string;
	measures: Partial<Record<string, number>>;
	bbox: [number, number, number, number];
}

/** GET /api/interventions/table: a page of rows + totals of the whole filtered set. */
export interface TablePage {
	rows: TableRow[];
	numberMatched: number;
	total: number;
	offset: number;
	limit: number;
	totals: Record<string, number>;
}

export interface ApiError {
	status: number;
	code: string;
	message: string;
	current?: Work;
	issues?: unknown[];
}

const BASE = '/api/collections/intervenciones/features';
const TILE_INFO = '/api/tiles/intervenciones/tile.json';

/** What the main map needs to draw works from vector tiles (subset of the TileJSON). */
export interface WorksTileInfo {
	tiles: string[];
	minzoom: number;
	maxzoom: number;
	bounds: [number, number, number, number];
	featureCount: number;
	threshold: number;
	useTiles: boolean;
	generation: number;
}

async function asJson<T>(res: Response): Promise<T> {
	const body = await res.json().catch(() => ({}));
	if (!res.ok) {
		const err: ApiError = {
			status: res.status,
			code: body.code ?? `HTTP_${res.status}`,
			message: body.message ?? res.statusText,
			current: body.current,
			issues: body.issues
		};
		throw err;
	}
	return body as T;
}

/** Ids of the neighbours whose warnings the server rewrote after a write (decision 112). */
export function refreshedIds(res: Response): string[] {
	return (res.headers.get('x-warnings-refreshed') ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter((s) => /^\d+$/.test(s));
}

/** Above this many refreshed works, geojson mode reloads the whole layer instead of one request each. */
const REFETCH_ONE_BY_ONE_MAX = 50;

export function isApiError(e: unknown): e is ApiError {
	return typeof e === 'object' && e !== null && 'code' in e && 'status' in e;
}

/**
 * Interventions (obras) with their selection; the map layer is derived from them.
 *
 * Two modes (docs/decisions/110): `geojson` (below the server's tile threshold) keeps every work in `items`;
 * `tiles` (above it) never downloads the layer: the map draws it from `/api/tiles`, `items` holds only the
 * works fetched one by one (selected, created, edited), drawn as a small GeoJSON overlay on top of the tiles
 * and hidden in them (`hiddenInTiles`) so an edit shows at once; the table pages on the server.
 */
export class WorksState {
	items = $state.raw<Work[]>([]);
	mode = $state<'geojson' | 'tiles'>('geojson');
	tileInfo = $state.raw<WorksTileInfo | null>(null);
	/** Works on the server (tile.json count in tiles mode, `items.length` otherwise). */
	total = $state(0);
	/** Bumped on every change saved through this state (the table and the tiles refresh on it). */
	revision = $state(0);
	/** Ids deleted here that the tiles may still draw until their index is rebuilt. */
	removedIds = $state.raw<string[]>([]);
	/** Ids the tile layer must not draw: the overlay draws them (current copy) or they were deleted. */
	hiddenInTiles = $derived([...this.items.map((w) => String(w.id)), ...this.removedIds]);
	selectedId = $state<string | null>(null);
	/** id being edited on the map (hidden from the layer while the sketch replaces it) */
	editingId = $state<string | null>(null);
	projects = $state.raw<Project[]>([]);
	types = $state.raw<Record<string, TypeInfo>>({});
	loaded = $state(false);
	error = $state<string | null>(null);

	/** Ids are numbers in the API's JSON and strings in map properties/URLs: compare as text. */
	selected = $derived(this.items.find((w) => String(w.id) === String(this.selectedId)) ?? null);

	/** The map's FeatureCollection: flat properties for styling, plus protection rings of springs. */
	mapData = $derived.by((): FeatureCollection => {
		const features: Feature[] = [];
		for (const w of this.items) {
			const p = w.properties;
			features.push({
				type: 'Feature',
				id: w.id,
				geometry: w.geometry,
				properties: { id: w.id, type: p.type, state: p.state, status: w.status, label: p.name ?? '' }
			});
			const r = p.measures?.params?.protectionRadiusM;
			if (p.type === 'proteccion_manante' && w.geometry.type === 'Point' && typeof r === 'number' && r > 0) {
				features.push({
					type: 'Feature',
					geometry: geodesicCircle(w.geometry.coordinates, r),
					properties: { id: w.id, type: p.type, state: p.state, ring: true }
				});
			}
		}
		return { type: 'FeatureCollection', features };
	});

	async load(): Promise<void> {
		try {
			const all: Work[] = [];
			const limit = 1000;
			for (let offset = 0; offset < 1_000_000; offset += limit) {
				const page = await asJson<{ features: Work[]; numberMatched?: number }>(
					await fetch(`${BASE}?limit=${limit}&offset=${offset}`)
				);
				all.push(...page.features);
				if (page.features.length < limit) break;
			}
			this.items = all;
			this.error = null;
		} catch (e) {
			this.error = isApiError(e) ? e.message : String(e);
		} finally {
			this.loaded = true;
		}
	}

	/**
	 * The main map's start: asks the server whether the layer is big (`useTiles`); then either tiles mode
	 * (nothing downloaded but the TileJSON) or today's full GeoJSON load. `force` = 'tiles' for tests.
	 */
	async loadForMap(force?: 'tiles' | 'geojson'): Promise<void> {
		let info: WorksTileInfo | null = null;
		if (force !== 'geojson') {
			try {
				const r = await fetch(TILE_INFO);
				if (r.ok) info = (await r.json()) as WorksTileInfo;
			} catch {
				info = null;
			}
		}
		if (info && (info.useTiles || force === 'tiles')) {
			this.tileInfo = info;
			this.total = info.featureCount;
			this.mode = 'tiles';
			this.items = [];
			this.error = null;
			this.loaded = true;
			return;
		}
		this.mode = 'geojson';
		await this.load();
		this.total = this.items.length;
	}

	/** Re-reads the TileJSON (count, generation); returns it or null. */
	async refreshTileInfo(): Promise<WorksTileInfo | null> {
		try {
			const r = await fetch(TILE_INFO);
			if (!r.ok) return null;
			const info = (await r.json()) as WorksTileInfo;
			this.tileInfo = info;
			this.total = info.featureCount;
			return info;
		} catch {
			return null;
		}
	}

	/** One work by id from the API (no list download). */
	async fetchOne(id: string): Promise<Work> {
		return asJson<Work>(await fetch(`${BASE}/${encodeURIComponent(id)}`));
	}

	/**
	 * Selects a work. In tiles mode the work is fetched by id first (the tiles carry only styling
	 * properties) and kept in `items`, so the overlay draws it highlighted and the panel shows it.
	 */
	async select(id: string | null): Promise<void> {
		const local = id === null ? undefined : this.items.find((w) => String(w.id) === String(id));
		if (id === null || this.mode === 'geojson' || local) {
			this.selectedId = local ? local.id : id;
			return;
		}
		try {
			const w = await this.fetchOne(id);
			if (!this.items.some((x) => String(x.id) === String(w.id))) this.items = [...this.items, w];
			this.selectedId = w.id;
			this.error = null;
		} catch (e) {
			this.error = isApiError(e) ? e.message : String(e);
		}
	}

	/**
	 * Works of a type whose bbox meets `bbox` (for the overlap warning while drawing): the local items in
	 * geojson mode, a bbox query of at most 500 works in tiles mode.
	 */
	async neighbours(bbox: [number, number, number, number]): Promise<Work[]> {
		if (this.mode === 'geojson') return this.items;
		const page = await asJson<{ features: Work[] }>(
			await fetch(`${BASE}?limit=500&bbox=${bbox.map((n) => n.toFixed(6)).join(',')}`)
		);
		const skip = [...this.items.map((w) => String(w.id)), ...this.removedIds];
		return [...this.items, ...page.features.filter((w) => !skip.includes(String(w.id)))];
	}

	async loadMeta(): Promise<void> {
		const [p, t] = await Promise.all([
			fetch('/api/projects').then((r) => asJson<{ projects: Project[] }>(r)),
			fetch('/api/params').then((r) => asJson<{ types: Record<string, TypeInfo> }>(r))
		]);
		this.projects = p.projects;
		this.types = t.types;
	}

	async create(geometry: Geometry, properties: WorkProps): Promise<Work> {
		const res = await fetch(BASE, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ geometry, properties })
		});
		const w = await asJson<Work>(res);
		this.items = [...this.items, w];
		this.total++;
		await this.refetch(refreshedIds(res));
		this.revision++;
		return w;
	}

	async update(id: string, version: number, geometry: Geometry, properties: WorkProps): Promise<Work> {
		const res = await fetch(`${BASE}/${encodeURIComponent(id)}`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ geometry, properties, version })
		});
		const w = await asJson<Work>(res);
		this.items = this.items.some((x) => String(x.id) === String(id))
			? this.items.map((x) => (String(x.id) === String(id) ? w : x))
			: [...this.items, w];
		await this.refetch(refreshedIds(res));
		this.revision++;
		return w;
	}

	async remove(id: string, version: number): Promise<void> {
		const res = await fetch(`${BASE}/${encodeURIComponent(id)}?version=${version}`, { method: 'DELETE' });
		await asJson<unknown>(res);
		this.items = this.items.filter((x) => String(x.id) !== String(id));
		if (this.mode === 'tiles') this.removedIds = [...this.removedIds, String(id)];
		this.total = Math.max(0, this.total - 1);
		await this.refetch(refreshedIds(res));
		this.revision++;
		if (String(this.selectedId) === String(id)) this.selectedId = null;
	}

	/**
	 * Re-reads works the server rewrote (their warnings and version changed: decision 112), so the panel shows
	 * the new warnings and the next edit sends the current version (no 409). Geojson mode: every id (a whole
	 * reload above REFETCH_ONE_BY_ONE_MAX); tiles mode: only the works held in `items` (selected, edited) — the
	 * tiles themselves are re-fetched on the next `revision`. Never throws: a work that vanished is dropped,
	 * other failures keep the old copy (its next save answers 409 with the current one, as before).
	 */
	async refetch(ids: readonly (string | number)[]): Promise<number> {
		const held = this.items.map((w) => String(w.id));
		const want = ids
			.map(String)
			.filter((id, i, all) => all.indexOf(id) === i && (this.mode === 'geojson' || held.includes(id)));
		if (want.length === 0) return 0;
		if (this.mode === 'geojson' && want.length > REFETCH_ONE_BY_ONE_MAX) {
			await this.load();
			this.total = this.items.length;
			return want.length;
		}
		// id → current copy, or null when it no longer exists (plain object: not reactive state)
		const fresh: Record<string, Work | null> = {};
		for (let i = 0; i < want.length; i += 6)
			await Promise.all(
				want.slice(i, i + 6).map(async (id) => {
					try {
						fresh[id] = await this.fetchOne(id);
					} catch (e) {
						if (isApiError(e) && e.status === 404) fresh[id] = null;
					}
				})
			);
		const next: Work[] = [];
		for (const w of this.items) {
			const f = fresh[String(w.id)];
			if (f === undefined) next.push(w);
			else if (f !== null) next.push(f);
		}
		for (const [id, f] of Object.entries(fresh)) if (f && !held.includes(id)) next.push(f);
		this.items = next;
		if (this.mode === 'geojson') this.total = this.items.length;
		return Object.keys(fresh).length;
	}

	/**
	 * After the ZEE compatibility table was saved (its response lists `warningsRefreshed.updated`): re-read
	 * those works and redraw (table, summary and tiles follow `revision`).
	 */
	async afterWarningsRefresh(updated: readonly (string | number)[]): Promise<void> {
		if (updated.length > 0) await this.refetch(updated);
		this.revision++;
	}

	/** Replace one item with the server's current copy (after a 409). */
	replace(w: Work): void {
		this.items = this.items.some((x) => String(x.id) === String(w.id))
			? this.items.map((x) => (String(x.id) === String(w.id) ? w : x))
			: [...this.items, w];
	}
}
