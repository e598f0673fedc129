/**
 * Validate a drawn intervention geometry, terra-draw style: `{ valid, code, reason }` with a Spanish
 * reason the user understands and a stable code; plus warnings that do not block saving (outside the
 * microcuenca, overlap with another intervention of the same type, with the overlapping hectares).
 */
import type { Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import * as turf from '@turf/turf';
import { areaHa } from '../areaHa';
import { lengthM } from '../lengthM';
import { intersectionAreaHa, lengthInsideM } from './overlay';
import { acceptsGeometry, geometryFamily, INTERVENTION_TYPE_DEFS, type InterventionType } from './types';

export type GeometryErrorCode =
	| 'GEOMETRY_MISSING'
	| 'GEOMETRY_UNSUPPORTED'
	| 'WRONG_GEOMETRY_FOR_TYPE'
	| 'BAD_COORDINATES'
	| 'TOO_FEW_POSITIONS'
	| 'RING_NOT_CLOSED'
	| 'DUPLICATE_VERTEX'
	| 'SPIKE'
	| 'SELF_INTERSECTION'
	| 'TOO_SMALL';

export type GeometryWarningCode = 'OUTSIDE_MICROCUENCA' | 'OVERLAP_SAME_TYPE';

export interface GeometryWarning {
	code: GeometryWarningCode;
	reason: string;
	/** Hectares outside the microcuenca / overlapping (polygons). */
	ha?: number;
	/** Metres outside the microcuenca (lines). */
	m?: number;
	/** Ids of the overlapped interventions. */
	ids?: string[];
}

export type GeometryValidation =
	| { valid: true; code?: undefined; reason?: undefined; warnings: GeometryWarning[] }
	| { valid: false; code: GeometryErrorCode; reason: string; warnings: GeometryWarning[] };

export interface ValidateGeometryOptions {
	/** Smallest polygon accepted, m². Default 1 m². */
	minAreaM2?: number;
	/** Shortest line accepted, m. Default 1 m. */
	minLengthM?: number;
	/** The microcuenca boundary; when given, warn about the part outside it. */
	microcuenca?: Polygon | MultiPolygon;
	/** Other interventions of the same type (exclude the one being edited); polygon overlaps are warned. */
	sameType?: readonly { id: string; geometry: Geometry }[];
}

const fail = (code: GeometryErrorCode, reason: string): GeometryValidation => ({
	valid: false,
	code,
	reason,
	warnings: []
});

const fmt = (n: number, d = 2) => n.toLocaleString('es-PE', { maximumFractionDigits: d });

function checkPositions(list: unknown, min: number, what: string): GeometryValidation | undefined {
	if (!Array.isArray(list)) return fail('BAD_COORDINATES', `${what}: coordenadas mal formadas.`);
	for (const p of list) {
		if (
			!Array.isArray(p) ||
			p.length < 2 ||
			typeof p[0] !== 'number' ||
			typeof p[1] !== 'number' ||
			!Number.isFinite(p[0]) ||
			!Number.isFinite(p[1])
		) {
			return fail('BAD_COORDINATES', `${what}: hay una coordenada que no es un número (NaN o vacía).`);
		}
		if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) {
			return fail('BAD_COORDINATES', `${what}: coordenada fuera del rango de longitud/latitud.`);
		}
	}
	const pos = list as Position[];
	for (let i = 1; i < pos.length; i++) {
		const a = pos[i - 1] as Position;
		const b = pos[i] as Position;
		if (a[0] === b[0] && a[1] === b[1]) {
			return fail(
				'DUPLICATE_VERTEX',
				`${what}: tiene vértices repetidos seguidos (vértice ${i + 1}); elimine el vértice duplicado.`
			);
		}
	}
	const distinct = new Set(pos.map((p) => `${p[0]},${p[1]}`)).size;
	if (distinct < min) {
		return fail('TOO_FEW_POSITIONS', `${what}: necesita al menos ${min} vértices distintos.`);
	}
	return undefined;
}

/** A vertex where the outline turns back on itself (zero-width spike). */
function findSpike(ring: Position[]): number {
	const n = ring.length - 1; // closed ring
	for (let i = 0; i < n; i++) {
		const a = ring[(i - 1 + n) % n] as Position;
		const b = ring[i] as Position;
		const c = ring[(i + 1) % n] as Position;
		const ux = (a[0] as number) - (b[0] as number);
		const uy = (a[1] as number) - (b[1] as number);
		const vx = (c[0] as number) - (b[0] as number);
		const vy = (c[1] as number) - (b[1] as number);
		const cross = ux * vy - uy * vx;
		const dot = ux * vx + uy * vy;
		const scale = Math.hypot(ux, uy) * Math.hypot(vx, vy);
		if (dot > 0 && Math.abs(cross) <= 1e-12 * scale) return i;
	}
	return -1;
}

function checkRings(rings: unknown, what: string): GeometryValidation | undefined {
	if (!Array.isArray(rings) || rings.length === 0)
		return fail('BAD_COORDINATES', `${what}: polígono sin anillos.`);
	for (const ring of rings) {
		if (!Array.isArray(ring) || ring.length === 0) return fail('BAD_COORDINATES', `${what}: anillo vacío.`);
		const a = ring[0] as unknown;
		const b = ring[ring.length - 1] as unknown;
		// the full ring: a repeated closing vertex ([…, a, a]) is a duplicate too; distinct count ignores closure
		const bad = checkPositions(ring, 3, what);
		if (bad) return bad;
		if (!Array.isArray(a) || !Array.isArray(b) || a[0] !== b[0] || a[1] !== b[1]) {
			return fail(
				'RING_NOT_CLOSED',
				`${what}: el contorno no está cerrado (el último vértice debe repetir el primero).`
			);
		}
		if (ring.length < 4)
			return fail('TOO_FEW_POSITIONS', `${what}: un polígono necesita al menos 3 vértices.`);
		const spike = findSpike(ring as Position[]);
		if (spike >= 0) {
			return fail(
				'SPIKE',
				`${what}: el contorno vuelve sobre sí mismo en el vértice ${spike + 1} (una «espina» sin ancho).`
			);
		}
	}
	return undefined;
}

/** Validate `geometry` for an intervention of `type`. Never throws. */
export function validateInterventionGeometry(
	type: InterventionType,
	geometry: Geometry | null | undefined,
	options: ValidateGeometryOptions = {}
): GeometryValidation {
	const def = INTERVENTION_TYPE_DEFS[type];
	if (!geometry || typeof geometry !== 'object')
		return fail('GEOMETRY_MISSING', 'Dibuje la geometría de la intervención.');
	const family = geometryFamily(geometry);
	if (!family)
		return fail('GEOMETRY_UNSUPPORTED', `Tipo de geometría no admitido: ${String(geometry.type)}.`);
	if (!acceptsGeometry(type, geometry)) {
		const names = { point: 'punto', line: 'línea', polygon: 'polígono' } as const;
		return fail(
			'WRONG_GEOMETRY_FOR_TYPE',
			`${def.nombre} se dibuja como ${def.geometries.map((g) => names[g]).join(' o ')}, no como ${names[family]}.`
		);
	}
	const c = (geometry as { coordinates?: unknown }).coordinates;
	let bad: GeometryValidation | undefined;
	switch (geometry.type) {
		case 'Point':
			bad = checkPositions([c], 1, 'El punto');
			break;
		case 'MultiPoint':
			bad = checkPositions(c, 1, 'Los puntos');
			break;
		case 'LineString':
			bad = checkPositions(c, 2, 'La línea');
			break;
		case 'MultiLineString':
			bad = Array.isArray(c) && c.length > 0 ? undefined : fail('BAD_COORDINATES', 'Líneas vacías.');
			for (const l of Array.isArray(c) ? c : []) bad ??= checkPositions(l, 2, 'Una de las líneas');
			break;
		case 'Polygon':
			bad = checkRings(c, 'El polígono');
			break;
		case 'MultiPolygon':
			bad = Array.isArray(c) && c.length > 0 ? undefined : fail('BAD_COORDINATES', 'Polígonos vacíos.');
			for (const p of Array.isArray(c) ? c : []) bad ??= checkRings(p, 'Uno de los polígonos');
			break;
	}
	if (bad) return bad;

	if (family === 'line' || family === 'polygon') {
		const kinks = turf.kinks(geometry as Parameters<typeof turf.kinks>[0]);
		if (kinks.features.length > 0) {
			const k = kinks.features[0]?.geometry.coordinates ?? [];
			return fail(
				'SELF_INTERSECTION',
				`El contorno se cruza a sí mismo (cerca de ${fmt(k[1] ?? NaN, 5)}, ${fmt(k[0] ?? NaN, 5)}); redibuje sin cruces.`
			);
		}
	}
	const warnings: GeometryWarning[] = [];
	if (family === 'polygon') {
		const min = options.minAreaM2 ?? 1;
		const m2 = areaHa(geometry as Polygon | MultiPolygon) * 10_000;
		if (!(m2 >= min)) {
			return fail('TOO_SMALL', `El polígono es demasiado pequeño (${fmt(m2)} m²; mínimo ${fmt(min)} m²).`);
		}
		if (options.microcuenca) {
			const inside = intersectionAreaHa(geometry as Polygon | MultiPolygon, options.microcuenca);
			const outside = m2 / 10_000 - inside;
			if (outside > 1e-6 * (m2 / 10_000) && outside > 1e-8) {
				warnings.push({
					code: 'OUTSIDE_MICROCUENCA',
					reason: `${fmt(outside, 4)} ha quedan fuera de la microcuenca.`,
					ha: outside
				});
			}
		}
		let overlap = 0;
		const ids: string[] = [];
		for (const o of options.sameType ?? []) {
			if (o.geometry?.type !== 'Polygon' && o.geometry?.type !== 'MultiPolygon') continue;
			const ha = intersectionAreaHa(geometry as Polygon | MultiPolygon, o.geometry);
			if (ha > 1e-8) {
				overlap += ha;
				ids.push(o.id);
			}
		}
		if (ids.length > 0) {
			warnings.push({
				code: 'OVERLAP_SAME_TYPE',
				reason: `Se superpone ${fmt(overlap, 4)} ha con ${ids.length === 1 ? 'otra intervención' : `${ids.length} intervenciones`} del mismo tipo (${def.nombre}).`,
				ha: overlap,
				ids
			});
		}
	} else if (family === 'line') {
		const min = options.minLengthM ?? 1;
		const m = lengthM(geometry as Parameters<typeof lengthM>[0]);
		if (!(m >= min)) {
			return fail('TOO_SMALL', `La línea es demasiado corta (${fmt(m)} m; mínimo ${fmt(min)} m).`);
		}
		if (options.microcuenca) {
			const outside = m - lengthInsideM(geometry as Parameters<typeof lengthInsideM>[0], options.microcuenca);
			if (outside > 1e-6 * m && outside > 0.01) {
				warnings.push({
					code: 'OUTSIDE_MICROCUENCA',
					reason: `${fmt(outside, 1)} m de la línea quedan fuera de la microcuenca.`,
					m: outside
				});
			}
		}
	} else if (options.microcuenca) {
		const pts =
			geometry.type === 'Point'
				? [geometry.coordinates]
				: (geometry as { coordinates: Position[] }).coordinates;
		const out = pts.filter(
			(p) => !turf.booleanPointInPolygon(p, options.microcuenca as Polygon | MultiPolygon)
		);
		if (out.length > 0) {
			warnings.push({
				code: 'OUTSIDE_MICROCUENCA',
				reason:
					out.length === 1
						? 'El punto queda fuera de la microcuenca.'
						: `${out.length} puntos quedan fuera de la microcuenca.`
			});
		}
	}
	return { valid: true, warnings };
}
