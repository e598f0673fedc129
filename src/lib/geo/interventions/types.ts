/**
 * Green-infrastructure intervention types of yaku ("siembra y cosecha del agua"), their states and the
 * geometry types each accepts. Pure: shared by server, client and workers (no svelte, no DOM, no maplibre).
 */
import type { Geometry } from 'geojson';

export const INTERVENTION_TYPES = [
	'zanja_infiltracion',
	'forestacion',
	'pastos_naturales',
	'proteccion_manante',
	'microreservorio',
	'anden'
] as const;
export type InterventionType = (typeof INTERVENTION_TYPES)[number];

/** Life cycle of a work. `en_ejecucion` is shown as «en ejecución». */
export const INTERVENTION_STATES = ['propuesta', 'planificada', 'en_ejecucion', 'ejecutada'] as const;
export type InterventionState = (typeof INTERVENTION_STATES)[number];

export const INTERVENTION_STATE_LABELS: Readonly<Record<InterventionState, string>> = {
	propuesta: 'Propuesta',
	planificada: 'Planificada',
	en_ejecucion: 'En ejecución',
	ejecutada: 'Ejecutada'
};

/** Simplified geometry family (same vocabulary as `layerKinds.ts`). */
export type InterventionGeometryFamily = 'point' | 'line' | 'polygon';

export const GEOMETRY_FAMILY_OF: Readonly<Record<string, InterventionGeometryFamily>> = {
	Point: 'point',
	MultiPoint: 'point',
	LineString: 'line',
	MultiLineString: 'line',
	Polygon: 'polygon',
	MultiPolygon: 'polygon'
};

export interface InterventionTypeDef {
	type: InterventionType;
	/** Spanish display name. */
	nombre: string;
	/** Geometry families accepted, the first one is the default drawing mode. */
	geometries: readonly InterventionGeometryFamily[];
	/** What is measured (Spanish, for help texts). */
	mide: string;
}

export const INTERVENTION_TYPE_DEFS: Readonly<Record<InterventionType, InterventionTypeDef>> = {
	zanja_infiltracion: {
		type: 'zanja_infiltracion',
		nombre: 'Zanjas de infiltración',
		geometries: ['line', 'polygon'],
		mide: 'longitud (m), volumen de almacenamiento (m³), área tratada (ha); un polígono se mide con el espaciamiento entre zanjas'
	},
	forestacion: {
		type: 'forestacion',
		nombre: 'Forestación / reforestación',
		geometries: ['polygon'],
		mide: 'área (ha), número de plantas (densidad por ha)'
	},
	pastos_naturales: {
		type: 'pastos_naturales',
		nombre: 'Recuperación de pastos naturales (con clausura)',
		geometries: ['polygon'],
		mide: 'área (ha), perímetro del cerco de clausura (m), postes'
	},
	proteccion_manante: {
		type: 'proteccion_manante',
		nombre: 'Protección de manantes',
		geometries: ['point'],
		mide: 'área protegida (ha) en el radio de protección; caudal (L/s)'
	},
	microreservorio: {
		type: 'microreservorio',
		nombre: 'Microreservorios / qochas',
		geometries: ['point', 'polygon'],
		mide: 'capacidad (m³)'
	},
	anden: {
		type: 'anden',
		nombre: 'Andenes (rehabilitación)',
		geometries: ['polygon', 'line'],
		mide: 'área (ha), longitud de muro (m)'
	}
};

export function isInterventionType(value: unknown): value is InterventionType {
	return typeof value === 'string' && (INTERVENTION_TYPES as readonly string[]).includes(value);
}

export function isInterventionState(value: unknown): value is InterventionState {
	return typeof value === 'string' && (INTERVENTION_STATES as readonly string[]).includes(value);
}

/** Geometry family of a GeoJSON geometry, or undefined for GeometryCollection / unknown types. */
export function geometryFamily(geometry: Pick<Geometry, 'type'>): InterventionGeometryFamily | undefined {
	return GEOMETRY_FAMILY_OF[geometry.type];
}

/** Whether an intervention type accepts this geometry. */
export function acceptsGeometry(type: InterventionType, geometry: Pick<Geometry, 'type'>): boolean {
	const family = geometryFamily(geometry);
	return family !== undefined && INTERVENTION_TYPE_DEFS[type].geometries.includes(family);
}

/**
 * The attributes an intervention carries besides its geometry (what the persistence layer stores in
 * `properties`). Type-specific attributes (species, spring name, flow) live in `attrs`.
 */
export interface InterventionAttributes {
	type: InterventionType;
	state: InterventionState;
	/** MRSE project id or name. */
	project?: string;
	/** Comunidad campesina. */
	community?: string;
	/** ISO dates. */
	startDate?: string;
	endDate?: string;
	notes?: string;
	/** Species (forestación), spring name and flow L/s (protección de manantes), etc. */
	attrs?: {
		species?: string[];
		springName?: string;
		flowLps?: number;
		[key: string]: unknown;
	};
}
