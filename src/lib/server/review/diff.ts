/**
 * Planned vs executed geometry of a work: the parts only in one of them (highlighted on the map) and the
 * hectare difference. Areas are ellipsoidal (`areaHa`); the clipping is planar in lon/lat (turf/polyclip),
 * which is fine at the scale of one work (metres) for display and for the hectares of the pieces.
 */
import * as turf from '@turf/turf';
import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson';
import { areaHa } from '../../geo/areaHa';
import { lengthM } from '../../geo/lengthM';

export interface GeometryDiff {
	kind: 'polygon' | 'line' | 'point' | 'none';
	plannedHa: number | null;
	executedHa: number | null;
	/** executed − planned (ha); null when not polygons. */
	diffHa: number | null;
	plannedLengthM: number | null;
	executedLengthM: number | null;
	/** Parts executed outside the plan. */
	added: Polygon | MultiPolygon | null;
	addedHa: number;
	/** Planned parts not executed. */
	removed: Polygon | MultiPolygon | null;
	removedHa: number;
	identical: boolean;
}

const isPoly = (g: Geometry | null): g is Polygon | MultiPolygon =>
	!!g && (g.type === 'Polygon' || g.type === 'MultiPolygon');
const isLine = (g: Geometry | null) => !!g && (g.type === 'LineString' || g.type === 'MultiLineString');

function difference(a: Polygon | MultiPolygon, b: Polygon | MultiPolygon): Polygon | MultiPolygon | null {
	try {
		const d = turf.difference(
			turf.featureCollection([turf.feature(a), turf.feature(b)]) as ReturnType<
				typeof turf.featureCollection<Polygon | MultiPolygon>
			>
		) as Feature<Polygon | MultiPolygon> | null;
		return d?.geometry ?? null;
	} catch {
		return null;
	}
}

export function geometryDiff(planned: Geometry | null, executed: Geometry | null): GeometryDiff {
	const identical = JSON.stringify(planned) === JSON.stringify(executed);
	const base: GeometryDiff = {
		kind: 'none',
		plannedHa: null,
		executedHa: null,
		diffHa: null,
		plannedLengthM: null,
		executedLengthM: null,
		added: null,
		addedHa: 0,
		removed: null,
		removedHa: 0,
		identical
	};
	if (isPoly(planned) || isPoly(executed)) {
		base.kind = 'polygon';
		base.plannedHa = isPoly(planned) ? areaHa(planned) : null;
		base.executedHa = isPoly(executed) ? areaHa(executed) : null;
		if (base.plannedHa !== null && base.executedHa !== null) base.diffHa = base.executedHa - base.plannedHa;
		if (isPoly(planned) && isPoly(executed) && !identical) {
			base.added = difference(executed, planned);
			base.removed = difference(planned, executed);
			base.addedHa = base.added ? areaHa(base.added) : 0;
			base.removedHa = base.removed ? areaHa(base.removed) : 0;
		}
		return base;
	}
	if (isLine(planned) || isLine(executed)) {
		base.kind = 'line';
		base.plannedLengthM = isLine(planned) ? lengthM(planned as Parameters<typeof lengthM>[0]) : null;
		base.executedLengthM = isLine(executed) ? lengthM(executed as Parameters<typeof lengthM>[0]) : null;
		return base;
	}
	if (planned || executed) base.kind = 'point';
	return base;
}
