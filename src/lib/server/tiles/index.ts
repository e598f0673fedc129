/**
 * Vector tiles (MVT) for big layers, generated on the fly for the SQLite backend: the layer's features are
 * read once from the repository (bbox-indexed), sliced by geojson-vt into an in-memory tile index and each
 * requested tile is encoded with vt-pbf and kept in an LRU cache. When the layer changes (detected by the
 * append-only audit log's row count for the layer, checked at most every `CHECK_MS`), the index is rebuilt
 * in the background while the old one keeps answering (stale-while-revalidate). docs/decisions/101.
 * With the PostGIS backend no index is built: each tile is one `ST_AsMVT` query (`repo/postgres/tiles.ts`,
 * same layers and attributes), with the same change key, ETag and LRU cache. docs/decisions/131.
 */
import GeoJSONVT, { type LegacyTile } from 'geojson-vt';
import type { Feature, FeatureCollection } from 'geojson';
import vtpbf from 'vt-pbf';
import { getRepository } from '../repo';
import { pgHandleOf } from '../repo/postgres';
import { pgTile, pgTileStats, type PgTileOptions } from '../repo/postgres/tiles';
import type { FeatureStatus } from '../repo/types';

/** Above this many features a layer should be drawn from vector tiles instead of one GeoJSON download. */
export const TILE_THRESHOLD = Number(process.env.YAKU_TILE_THRESHOLD ?? 5000);
export const TILE_MIN_ZOOM = 0;
/** Tiles are generated up to this zoom; MapLibre overzooms beyond it. */
export const TILE_MAX_ZOOM = 16;
const CHECK_MS = 2000;
const LRU_MAX = 2000;
const READ_PAGE = 10_000;

/**
 * Overview generalization: below this zoom a tile with more than `AGGREGATE_MIN_FEATURES` features is sent as
 * one point per grid cell (layer `<layer>_resumen`, properties `count` and the dominant `type`), because
 * tens of thousands of 2-pixel polygons per tile cost seconds to draw and show nothing legible.
 */
export const AGGREGATE_BELOW_ZOOM = 14;
export const AGGREGATE_MIN_FEATURES = 2000;
/** Grid cells per tile side for the overview points (32 → cells of 16 px on a 512 px tile). */
const AGGREGATE_GRID = 32;
export const aggregateLayerName = (layer: string) => `${layer}_resumen`;

/** One point per occupied grid cell, at the mean of its features' first vertices. */
function aggregate(tile: LegacyTile): LegacyTile {
	const cell = 4096 / AGGREGATE_GRID;
	const cells = new Map<number, { n: number; sx: number; sy: number; types: Map<string, number> }>();
	for (const f of tile.features) {
		const first = f.type === 1 ? f.geometry[0] : f.geometry[0]?.[0];
		if (!first) continue;
		const [px, py] = first;
		if (px < 0 || py < 0 || px >= 4096 || py >= 4096) continue;
		const key = Math.floor(py / cell) * AGGREGATE_GRID + Math.floor(px / cell);
		let c = cells.get(key);
		if (!c) cells.set(key, (c = { n: 0, sx: 0, sy: 0, types: new Map() }));
		c.n++;
		c.sx += px;
		c.sy += py;
		const t = String(f.tags?.type ?? '');
		c.types.set(t, (c.types.get(t) ?? 0) + 1);
	}
	const features: LegacyTile['features'] = [];
	for (const c of cells.values()) {
		let type = '';
		let best = -1;
		for (const [t, n] of c.types) if (n > best) [type, best] = [t, n];
		features.push({
			type: 1,
			geometry: [[Math.round(c.sx / c.n), Math.round(c.sy / c.n)]],
			tags: { count: c.n, type }
		});
	}
	return { features };
}

/** Layers served as tiles (the editable ones; reference layers are small). */
export const TILE_LAYERS = ['intervenciones'] as const;
export type TileLayer = (typeof TILE_LAYERS)[number];
export function isTileLayer(id: string): id is TileLayer {
	return (TILE_LAYERS as readonly string[]).includes(id);
}

/** Properties kept in tiles: what the style and the popup title need (the rest comes from the API by id). */
const TILE_PROPS = ['type', 'state', 'name', 'projectId', 'community'] as const;

interface TileIndex {
	key: string;
	generation: number;
	count: number;
	bounds: [number, number, number, number] | null;
	/** Encodes one tile (empty array = empty tile). */
	render: (z: number, x: number, y: number) => Uint8Array | Promise<Uint8Array>;
	tiles: Map<string, Uint8Array>;
	builtMs: number;
}

interface Slot {
	current: TileIndex | null;
	building: Promise<TileIndex> | null;
	checkedAt: number;
	generation: number;
}

const slots = new Map<string, Slot>();
/** Index generations, increasing over all slots (a slot may adopt another's index: see `sameFeatures`). */
let generations = 0;

function slotKey(layer: string, statuses: readonly FeatureStatus[]): string {
	return `${layer}|${[...statuses].sort().join(',')}`;
}

/** A cheap change marker of a layer: audit rows are append-only and every feature mutation writes one. */
async function changeKey(layer: string, statuses: readonly FeatureStatus[]): Promise<string> {
	const repo = getRepository();
	const [audits, page] = await Promise.all([
		repo.audit.count({ layer }),
		repo.features.list({ layer, statuses, limit: 1, offset: 0 })
	]);
	return `${audits}:${page.numberMatched}`;
}

/** Extent and buffer of every tile (both backends). */
const EXTENT = 4096;
const BUFFER = 64;

/** The encoder of a geojson-vt tile: full features, or the overview points below AGGREGATE_BELOW_ZOOM. */
function encode(layer: string, tile: LegacyTile | null, z: number): Uint8Array {
	if (!tile || tile.features.length === 0) return new Uint8Array(0);
	if (z < AGGREGATE_BELOW_ZOOM && tile.features.length > AGGREGATE_MIN_FEATURES)
		return vtpbf.fromGeojsonVt(
			{ [aggregateLayerName(layer)]: aggregate(tile) },
			{ version: 2, extent: EXTENT }
		);
	return vtpbf.fromGeojsonVt({ [layer]: tile }, { version: 2, extent: EXTENT });
}

async function build(layer: string, statuses: readonly FeatureStatus[], key: string, generation: number) {
	const t0 = performance.now();
	const repo = getRepository();
	const pg = pgHandleOf(repo);
	if (pg) {
		const o: PgTileOptions = {
			layer,
			statuses,
			props: TILE_PROPS,
			extent: EXTENT,
			buffer: BUFFER,
			aggregate: {
				belowZoom: AGGREGATE_BELOW_ZOOM,
				minFeatures: AGGREGATE_MIN_FEATURES,
				grid: AGGREGATE_GRID,
				layerName: aggregateLayerName(layer)
			}
		};
		const { count, bounds } = await pgTileStats(pg, layer, statuses);
		return {
			key,
			generation,
			count,
			bounds,
			render: (z: number, x: number, y: number) => pgTile(pg, o, z, x, y),
			tiles: new Map<string, Uint8Array>(),
			builtMs: performance.now() - t0
		} satisfies TileIndex;
	}
	const features: Feature[] = [];
	let bounds: [number, number, number, number] | null = null;
	for (let offset = 0; ; offset += READ_PAGE) {
		const page = await repo.features.list({ layer, statuses, limit: READ_PAGE, offset });
		for (const f of page.features) {
			const props: Record<string, unknown> = { id: f.id, status: f.status };
			for (const k of TILE_PROPS) if (f.properties[k] !== undefined) props[k] = f.properties[k];
			features.push({ type: 'Feature', id: f.id, geometry: f.geometry, properties: props });
			const b = f.bbox;
			bounds = bounds
				? [
						Math.min(bounds[0], b[0]),
						Math.min(bounds[1], b[1]),
						Math.max(bounds[2], b[2]),
						Math.max(bounds[3], b[3])
					]
				: [b[0], b[1], b[2], b[3]];
		}
		if (page.features.length < READ_PAGE) break;
	}
	const fc: FeatureCollection = { type: 'FeatureCollection', features };
	const index = new GeoJSONVT(fc, {
		maxZoom: TILE_MAX_ZOOM,
		indexMaxZoom: 6,
		indexMaxPoints: 100_000,
		tolerance: 3,
		extent: EXTENT,
		buffer: BUFFER
	});
	return {
		key,
		generation,
		count: features.length,
		bounds,
		render: (z: number, x: number, y: number) => encode(layer, index.getTile(z, x, y), z),
		tiles: new Map<string, Uint8Array>(),
		builtMs: performance.now() - t0
	} satisfies TileIndex;
}

function sameFeatures(layer: string, statuses: readonly FeatureStatus[], key: string): TileIndex | null {
	for (const [k, other] of slots) {
		const [l, st] = k.split('|');
		if (l !== layer || !other.current || other.current.key !== key) continue;
		const theirs = (st ?? '').split(',');
		// Only ever adopt the index of a NARROWER status set (editors may reuse the readers' index, never the
		// reverse): a wider index may hold a draft written between its change key and its read, and on PostGIS
		// an index renders live with its own statuses — either would leak drafts into public tiles.
		if (theirs.every((x) => statuses.includes(x as FeatureStatus))) return other.current;
	}
	return null;
}

/** Most tiles pre-rendered per zoom at start (the whole layer's extent, zooms 10–13). */
const PRERENDER_MAX_PER_ZOOM = 400;

/**
 * Renders the overview tiles (zooms 10–13 over the layer's bounds, where the map opens) into the index's
 * cache, one tile per event-loop turn so requests keep being answered. Returns the number rendered.
 */
async function prerenderOverview(layer: TileLayer, statuses: readonly FeatureStatus[], idx: TileIndex) {
	if (!idx.bounds || idx.count <= TILE_THRESHOLD) return 0;
	const [w, s, e, n] = idx.bounds;
	const tx = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
	const ty = (lat: number, z: number) => {
		const r = (Math.max(-85, Math.min(85, lat)) * Math.PI) / 180;
		return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
	};
	let done = 0;
	for (let z = 10; z <= 13; z++) {
		const [x0, x1, y0, y1] = [tx(w, z), tx(e, z), ty(n, z), ty(s, z)];
		if ((x1 - x0 + 1) * (y1 - y0 + 1) > PRERENDER_MAX_PER_ZOOM) break;
		for (let x = x0; x <= x1; x++)
			for (let y = y0; y <= y1; y++) {
				await new Promise((r) => setImmediate(r));
				await getTile(layer, statuses, z, x, y);
				done++;
			}
	}
	return done;
}

/**
 * Server start: builds the tile indexes of the tile layers in the background (readers' statuses first,
 * then editors', which reuse it when there are no drafts), so the first map load does not wait for them. Errors are logged.
 */
export function warmTileIndexes(): void {
	if (process.env.YAKU_TILE_WARM === '0') return;
	setTimeout(async () => {
		for (const layer of TILE_LAYERS)
			// readers' first: the editors' slot adopts it when there are no drafts (never the other way round)
			for (const statuses of [['publicado'], ['borrador', 'publicado']] as FeatureStatus[][])
				try {
					const idx = await tileIndex(layer, statuses);
					const t0 = performance.now();
					const n = await prerenderOverview(layer, statuses, idx);
					console.log(
						`[yaku] teselas ${layer} (${statuses.join('+')}): ${idx.count} elementos, índice en ${Math.round(idx.builtMs)} ms, ${n} teselas de vista general en ${Math.round(performance.now() - t0)} ms`
					);
				} catch (e) {
					console.error(`[yaku] teselas ${layer}: no se pudo preparar el índice`, e);
				}
	}, 0).unref();
}

/**
 * The current tile index of a layer. Tiles are served stale-while-revalidate; `fresh` (tile.json, the page's
 * entry point) checks the change key now and waits for a rebuild, so a page never starts from an old index.
 */
export async function tileIndex(
	layer: TileLayer,
	statuses: readonly FeatureStatus[],
	fresh = false
): Promise<TileIndex> {
	const sk = slotKey(layer, statuses);
	let slot = slots.get(sk);
	if (!slot) {
		slot = { current: null, building: null, checkedAt: 0, generation: 0 };
		slots.set(sk, slot);
	}
	const s = slot;
	const now = Date.now();
	const pending = (b: Promise<TileIndex>) => (fresh ? b : (s.current ?? b));
	if (!fresh && s.current && now - s.checkedAt < CHECK_MS) return s.current;
	if (s.building) return pending(s.building);
	s.checkedAt = now;
	const key = await changeKey(layer, statuses);
	if (s.current && s.current.key === key) return s.current;
	if (s.building) return pending(s.building);
	// another status set with the same change key and one set included in the other holds the same features
	// (e.g. no drafts: readers and editors): share its index instead of building a second one
	const twin = sameFeatures(layer, statuses, key);
	if (twin) {
		s.current = twin;
		return twin;
	}
	s.generation = ++generations;
	s.building = build(layer, statuses, key, s.generation)
		.then((idx) => {
			s.current = idx;
			return idx;
		})
		.finally(() => {
			s.building = null;
		});
	return pending(s.building);
}

/** Encoded MVT tile (layer name = the layer id), or null when the tile is empty. */
export async function getTile(
	layer: TileLayer,
	statuses: readonly FeatureStatus[],
	z: number,
	x: number,
	y: number
): Promise<{ body: Uint8Array | null; etag: string }> {
	const idx = await tileIndex(layer, statuses);
	const etag = `"${idx.key}-${idx.generation}"`;
	const k = `${z}/${x}/${y}`;
	const hit = idx.tiles.get(k);
	if (hit) {
		idx.tiles.delete(k);
		idx.tiles.set(k, hit);
		return { body: hit.byteLength ? hit : null, etag };
	}
	const body = await idx.render(z, x, y);
	idx.tiles.set(k, body);
	if (idx.tiles.size > LRU_MAX) idx.tiles.delete(idx.tiles.keys().next().value!);
	return { body: body.byteLength ? body : null, etag };
}

/** TileJSON 3.0 of a layer, plus yaku's `featureCount`, `threshold` and `useTiles` advice. */
export async function tileJson(layer: TileLayer, statuses: readonly FeatureStatus[], origin: string) {
	const idx = await tileIndex(layer, statuses, true);
	return {
		tilejson: '3.0.0',
		name: layer,
		scheme: 'xyz',
		tiles: [`${origin}/api/tiles/${layer}/{z}/{x}/{y}.pbf`],
		minzoom: TILE_MIN_ZOOM,
		maxzoom: TILE_MAX_ZOOM,
		bounds: idx.bounds ?? [-180, -85.0511, 180, 85.0511],
		vector_layers: [
			{
				id: layer,
				fields: Object.fromEntries(
					['id', 'status', ...TILE_PROPS].map((k) => [k, k === 'id' ? 'Number' : 'String'])
				),
				minzoom: TILE_MIN_ZOOM,
				maxzoom: TILE_MAX_ZOOM
			},
			{
				id: aggregateLayerName(layer),
				description: `Resumen por celdas en teselas de zoom < ${AGGREGATE_BELOW_ZOOM} con más de ${AGGREGATE_MIN_FEATURES} elementos`,
				fields: { count: 'Number', type: 'String' },
				minzoom: TILE_MIN_ZOOM,
				maxzoom: AGGREGATE_BELOW_ZOOM - 1
			}
		],
		featureCount: idx.count,
		threshold: TILE_THRESHOLD,
		useTiles: idx.count > TILE_THRESHOLD,
		generation: idx.generation,
		/** How long the server took to build this index (ms; yaku extension, for benchmarks). */
		indexBuildMs: Math.round(idx.builtMs)
	};
}

/** For tests. */
export function clearTileCache(): void {
	slots.clear();
}
