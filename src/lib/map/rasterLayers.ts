/**
 * Stored reference rasters (orthophotos, DEM images saved from the import wizard) on a MapLibre map.
 * Each raster is an image source placed by its 4 WGS84 corners (`GET /api/rasters`), drawn under the
 * vector layers (before the first `lyr-*` layer of MapController). Hidden unless listed in
 * `opts.visible`. The returned handle is what a layer panel needs: a list of {id, name, visible,
 * opacity} and setters. Ids are `raster-<rasterId>` (safe for the URL hash `layers=`). controller.ts is
 * not touched; pass `ctrl.map`.
 */
import type { Map as MlMap } from 'maplibre-gl';

/** One item of `GET /api/rasters` (fields the map uses). */
export interface StoredRasterInfo {
	id: string;
	name: string;
	kind: 'rgb' | 'dem';
	corners: [[number, number], [number, number], [number, number], [number, number]];
	bbox: [number, number, number, number];
	image: string;
	sourceFile: string;
	sourceCrs: string | null;
	createdAt: string;
	createdByUsername: string | null;
	metadata: { georefErrorM: number | null; provenance?: Record<string, string> } & Record<string, unknown>;
}

export interface StoredRasterLayer {
	/** Layer-panel / URL id: `raster-<rasterId>`. */
	id: string;
	name: string;
	kind: 'rgb' | 'dem';
	visible: boolean;
	opacity: number;
	bbox: [number, number, number, number];
	info: StoredRasterInfo;
}

export interface StoredRastersHandle {
	/** A fresh snapshot each time (safe to put in $state). */
	readonly layers: StoredRasterLayer[];
	setVisible(id: string, visible: boolean): void;
	setOpacity(id: string, opacity: number): void;
	/** Fits the map to the raster's bbox. */
	fit(id: string, padding?: number): void;
	/** Re-reads `/api/rasters` (after an import or delete elsewhere), keeping visibility and opacity. */
	refresh(): Promise<void>;
	/** Called after every change; returns an unsubscribe function. */
	onChange(cb: (layers: StoredRasterLayer[]) => void): () => void;
	/** Removes every source and layer this module added. */
	destroy(): void;
}

export interface StoredRastersOptions {
	/** Ids (`raster-<id>`) to show at start, e.g. from the URL hash `layers=`; default none. */
	visible?: readonly string[];
	/** Default opacity 0.85. */
	opacity?: number;
	/** Insert below this map layer; default: below the first `lyr-*` layer (all vector layers). */
	beforeId?: string;
	fetch?: typeof fetch;
	/** Default `/api/rasters`. */
	url?: string;
}

export const rasterLayerId = (rasterId: string) => `raster-${rasterId}`;
const srcId = (id: string) => `src-stored-${id}`;
const mapLayerId = (id: string) => `stored-${id}`;

export async function fetchStoredRasters(
	f: typeof fetch = fetch,
	url = '/api/rasters'
): Promise<StoredRasterInfo[]> {
	const r = await f(url);
	if (!r.ok) throw new Error(`GET ${url}: ${r.status}`);
	return ((await r.json()) as { rasters: StoredRasterInfo[] }).rasters;
}

export async function addStoredRasters(
	map: MlMap,
	opts: StoredRastersOptions = {}
): Promise<StoredRastersHandle> {
	const state = new Map<string, StoredRasterLayer>();
	const listeners = new Set<(l: StoredRasterLayer[]) => void>();
	const initialVisible = new Set(opts.visible ?? []);
	const defaultOpacity = opts.opacity ?? 0.85;
	const snapshot = () => [...state.values()].map((l) => ({ ...l }));
	const emit = () => {
		const s = snapshot();
		for (const cb of listeners) cb(s);
	};
	const before = () =>
		opts.beforeId && map.getLayer(opts.beforeId)
			? opts.beforeId
			: (map.getStyle()?.layers ?? []).find((l) => l.id.startsWith('lyr-'))?.id;

	function add(l: StoredRasterLayer) {
		if (!map.getSource(srcId(l.id)))
			map.addSource(srcId(l.id), { type: 'image', url: l.info.image, coordinates: l.info.corners });
		if (!map.getLayer(mapLayerId(l.id)))
			map.addLayer(
				{
					id: mapLayerId(l.id),
					type: 'raster',
					source: srcId(l.id),
					layout: { visibility: l.visible ? 'visible' : 'none' },
					paint: { 'raster-opacity': l.opacity, 'raster-fade-duration': 0 }
				},
				before()
			);
	}

	function remove(id: string) {
		if (map.getLayer(mapLayerId(id))) map.removeLayer(mapLayerId(id));
		if (map.getSource(srcId(id))) map.removeSource(srcId(id));
	}

	async function refresh() {
		const list = await fetchStoredRasters(opts.fetch ?? fetch, opts.url);
		const seen = new Set<string>();
		for (const info of list) {
			const id = rasterLayerId(info.id);
			seen.add(id);
			const prev = state.get(id);
			const l: StoredRasterLayer = {
				id,
				name: info.name,
				kind: info.kind,
				visible: prev?.visible ?? initialVisible.has(id),
				opacity: prev?.opacity ?? defaultOpacity,
				bbox: info.bbox,
				info
			};
			state.set(id, l);
			add(l);
		}
		for (const id of [...state.keys()])
			if (!seen.has(id)) {
				remove(id);
				state.delete(id);
			}
		emit();
	}

	await refresh();

	return {
		get layers() {
			return snapshot();
		},
		setVisible(id, visible) {
			const l = state.get(id);
			if (!l) return;
			l.visible = visible;
			if (map.getLayer(mapLayerId(id)))
				map.setLayoutProperty(mapLayerId(id), 'visibility', visible ? 'visible' : 'none');
			emit();
		},
		setOpacity(id, opacity) {
			const l = state.get(id);
			if (!l) return;
			l.opacity = Math.min(1, Math.max(0, opacity));
			if (map.getLayer(mapLayerId(id))) map.setPaintProperty(mapLayerId(id), 'raster-opacity', l.opacity);
			emit();
		},
		fit(id, padding = 40) {
			const l = state.get(id);
			if (!l) return;
			const [a, b, c, d] = l.bbox;
			map.fitBounds(
				[
					[a, b],
					[c, d]
				],
				{ padding, duration: 0 }
			);
		},
		refresh,
		onChange(cb) {
			listeners.add(cb);
			return () => listeners.delete(cb);
		},
		destroy() {
			for (const id of state.keys()) remove(id);
			state.clear();
			listeners.clear();
		}
	};
}
