/**
 * Vector tiles straight from PostGIS (issue 10): `ST_AsMVT` + `ST_AsMVTGeom` over `ST_TileEnvelope`, the
 * features found through the GiST index on `geom` (the envelope is a lon/lat rectangle: Web Mercator tile
 * edges are meridians and parallels). Same tile contents as the SQLite geojson-vt path of
 * `src/lib/server/tiles`: layer named after the yaku layer, attributes `id`, `status` and the kept
 * properties, extent 4096 with a 64-unit buffer, and below `belowZoom` a tile with more than `minFeatures`
 * features becomes one point per grid cell (layer `<layer>_resumen`, `count` and the dominant `type`).
 * docs/decisions/131.
 */
import type { FeatureStatus } from '../types';
import { q, type PgHandle } from './db';

export interface PgTileOptions {
	layer: string;
	statuses: readonly FeatureStatus[];
	/** Properties copied into the tile (when present). */
	props: readonly string[];
	extent: number;
	buffer: number;
	aggregate: { belowZoom: number; minFeatures: number; grid: number; layerName: string };
}

/** Web Mercator half circumference (m). */
const HALF = 20037508.342789244;

/**
 * Features of the layer whose geometry meets the (buffered) tile, by the GiST index: $1 layer, $2 statuses,
 * $3 z, $4 x, $5 y, $6 buffer as a fraction of the tile.
 */
const HIT = `FROM features WHERE layer = $1 AND status = ANY($2::text[])
	AND geom && ST_Transform(ST_TileEnvelope($3, $4, $5, margin => $6), 4326)`;

/** A whole number for inlining into SQL (tile constants come from code, never from a request). */
const int = (v: number) => {
	if (!Number.isInteger(v)) throw new Error(`not an integer: ${v}`);
	return String(v);
};

/** Encoded MVT (empty = no feature in the tile). */
export async function pgTile(
	h: PgHandle,
	o: PgTileOptions,
	z: number,
	x: number,
	y: number
): Promise<Uint8Array> {
	const base = [o.layer, [...o.statuses], z, x, y, o.buffer / o.extent];
	const a = o.aggregate;
	if (z < a.belowZoom) {
		const n = (
			await q<{ n: number }>(h, `SELECT count(*)::int AS n FROM (SELECT 1 ${HIT} LIMIT $7) s`, [
				...base,
				a.minFeatures + 1
			])
		)[0]!.n;
		if (n > a.minFeatures) return aggregated(h, o, base);
	}
	// Absent properties give JSON null, which jsonb_strip_nulls drops (vt-pbf skips null values too).
	const props = o.props.map((k) => `, '${k.replace(/'/g, "''")}', properties -> '${k.replace(/'/g, "''")}'`);
	const r = await q<{ mvt: Buffer }>(
		h,
		`SELECT ST_AsMVT(t, $7, ${int(o.extent)}, 'geom', 'id') AS mvt FROM (
			SELECT id, jsonb_strip_nulls(jsonb_build_object('id', id, 'status', status${props.join('')})) AS attrs,
				ST_AsMVTGeom(ST_Transform(geom, 3857), ST_TileEnvelope($3, $4, $5), ${int(o.extent)}, ${int(o.buffer)}, true)
					AS geom
			${HIT}
		) t WHERE geom IS NOT NULL`,
		[...base, o.layer]
	);
	return new Uint8Array(r[0]!.mvt);
}

/**
 * One point per occupied grid cell at the mean position of its features (bounding-box centres, in tile
 * units, computed from lon/lat with the Mercator formulas: no geometry is read), with `count` and the most
 * frequent `type`; features whose centre lies in the buffer are left to the neighbour tile.
 */
async function aggregated(h: PgHandle, o: PgTileOptions, base: unknown[]): Promise<Uint8Array> {
	const ext = int(o.extent);
	const cell = `(${ext}.0 / ${int(o.aggregate.grid)})`;
	const r = await q<{ mvt: Buffer }>(
		h,
		`WITH env AS (SELECT ST_XMin(e) AS x0, ST_YMax(e) AS y1, ST_XMax(e) - ST_XMin(e) AS w FROM
				(SELECT ST_TileEnvelope($3, $4, $5) AS e) s),
			pts AS (
				SELECT (${HALF} * ((min_x + max_x) / 2) / 180 - env.x0) / env.w * ${ext} AS px,
					(env.y1 - ${HALF} / pi() * ln(tan(pi() / 4 + radians((min_y + max_y) / 2) / 2))) / env.w * ${ext} AS py,
					properties ->> 'type' AS type
				${HIT.replace('FROM features', 'FROM env, features')}
			),
			cells AS (
				SELECT count(*)::int AS count, avg(px) AS px, avg(py) AS py,
					mode() WITHIN GROUP (ORDER BY coalesce(type, '')) AS type
				FROM pts WHERE px >= 0 AND py >= 0 AND px < ${ext} AND py < ${ext}
				GROUP BY floor(py / ${cell}), floor(px / ${cell})
			)
		SELECT ST_AsMVT(t, $7, ${ext}, 'geom') AS mvt FROM (
			SELECT count, type, ST_MakePoint(round(px), round(py)) AS geom FROM cells
		) t`,
		[...base, o.aggregate.layerName]
	);
	return new Uint8Array(r[0]!.mvt);
}

/** Feature count and bounds of a layer for a set of statuses (TileJSON). */
export async function pgTileStats(
	h: PgHandle,
	layer: string,
	statuses: readonly FeatureStatus[]
): Promise<{ count: number; bounds: [number, number, number, number] | null }> {
	const r = (
		await q<{ n: number; a: number | null; b: number | null; c: number | null; d: number | null }>(
			h,
			`SELECT count(*)::int AS n, min(min_x) AS a, min(min_y) AS b, max(max_x) AS c, max(max_y) AS d
			 FROM features WHERE layer = $1 AND status = ANY($2::text[])`,
			[layer, [...statuses]]
		)
	)[0]!;
	return { count: r.n, bounds: r.a === null ? null : [r.a, r.b!, r.c!, r.d!] };
}
