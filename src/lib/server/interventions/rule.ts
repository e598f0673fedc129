/**
 * The `intervenciones` layer rule: validates properties (zod + the library's `validateParams`), the
 * geometry (`acceptsGeometry` + `validateInterventionGeometry`), and stores `measures` (from
 * `measureIntervention` with defaults ← project overrides ← intervention overrides) and `warnings`
 * (outside the microcuenca, overlap with the same type, ZEE incompatible/restricted). Warnings never block.
 */
import type { Geometry } from 'geojson';
import {
	measureIntervention,
	overlayInterventionsZones,
	validateInterventionGeometry,
	validateParams,
	type InterventionType,
	type ParamOverrides
} from '../../geo/interventions';
import type { OverlayPair } from '../../geo/interventions/overlay';
import { ApiError } from '../http/errors';
import type { FeatureInput, Repository } from '../repo/types';
import type { LayerRule, PrepareArgs } from '../layers/rules';
import { microcuenca, zeeZones, type ZeeZone } from './context';
import { refreshNeighbours } from './refreshWarnings';
import {
	COMPUTED_KEYS,
	INTERVENTIONS_LAYER,
	MAX_INTERVENTION_VERTICES,
	interventionPropertiesSchema,
	type InterventionProperties
} from './schema';
import { compatOf, ZEE_COMPAT_DEFAULT, ZEE_COMPAT_KEY, type ZeeCompatValue } from './zeeCompat';

export interface InterventionWarning {
	code: string;
	message: string;
	[k: string]: unknown;
}

const fmt = (n: number, d = 2) => n.toLocaleString('es-PE', { maximumFractionDigits: d });

function vertexCount(g: Geometry): number {
	const c = (g as { coordinates?: unknown }).coordinates;
	let n = 0;
	const walk = (x: unknown): void => {
		if (!Array.isArray(x)) return;
		if (typeof x[0] === 'number') n++;
		else for (const y of x) walk(y);
	};
	walk(c);
	return n;
}

/** Library geometry error code → API code. */
export function apiGeometryCode(code: string): string {
	if (code === 'WRONG_GEOMETRY_FOR_TYPE') return 'GEOMETRY_WRONG_FOR_TYPE';
	return code.startsWith('GEOMETRY_') ? code : `GEOMETRY_${code}`;
}

export function parseInterventionProperties(raw: Record<string, unknown>): InterventionProperties {
	const props = { ...raw };
	for (const k of COMPUTED_KEYS) delete props[k];
	const r = interventionPropertiesSchema.safeParse(props);
	if (!r.success) {
		const issues = r.error.issues
			.slice(0, 10)
			.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
		throw new ApiError(
			422,
			'INTERVENTION_INVALID_PROPERTIES',
			`Atributos inválidos: ${issues[0]?.path || '(raíz)'}: ${issues[0]?.message ?? ''}`,
			{ issues }
		);
	}
	if (r.data.params) {
		const issues = validateParams(r.data.type, r.data.params);
		if (issues.length > 0) throw new ApiError(422, issues[0]!.code, issues[0]!.message, { issues });
	}
	return r.data;
}

/** Other interventions of the same type whose bbox touches `bbox` (excluding `selfId`). */
async function sameTypeNear(
	repo: Repository,
	type: InterventionType,
	bbox: [number, number, number, number],
	selfId: number | null
): Promise<{ id: string; geometry: Geometry }[]> {
	const page = await repo.features.list({
		layer: INTERVENTIONS_LAYER,
		statuses: ['borrador', 'publicado'],
		bbox,
		limit: 5000,
		offset: 0
	});
	return page.features
		.filter((f) => f.id !== selfId && f.properties.type === type)
		.map((f) => ({ id: String(f.id), geometry: f.geometry }));
}

export async function zeeCompatSetting(repo: Repository): Promise<ZeeCompatValue> {
	const s = await repo.settings.get<ZeeCompatValue>(ZEE_COMPAT_KEY);
	return s?.value ?? ZEE_COMPAT_DEFAULT;
}

/** The warning when the ZEE layer cannot be read. */
export const ZEE_UNAVAILABLE: InterventionWarning = {
	code: 'CONTEXT_UNAVAILABLE',
	layer: 'zee',
	message: 'No se pudo comprobar la zonificación (capa ZEE no disponible).'
};

/** True for the warnings that depend on the ZEE layer and table (replaced by a ZEE refresh). */
export function isZeeWarning(w: { code?: unknown; layer?: unknown }): boolean {
	return (
		(typeof w.code === 'string' && w.code.startsWith('ZEE_')) ||
		(w.code === 'CONTEXT_UNAVAILABLE' && w.layer === 'zee')
	);
}

/** ZEE_INCOMPATIBLE / ZEE_RESTRICTED warnings of one intervention from its overlay pairs, one per zone. */
export function zeeWarningsFromPairs(
	pairs: readonly OverlayPair[],
	zones: readonly ZeeZone[],
	compat: ZeeCompatValue,
	type: InterventionType
): InterventionWarning[] {
	const out: InterventionWarning[] = [];
	for (const p of pairs) {
		const z = zones[p.zoneIndex];
		if (!z) continue;
		if (!(p.areaHa > 1e-8 || p.lengthM > 0.01 || p.count > 0)) continue;
		const level = compatOf(compat, z.categoria, type);
		if (level === 'compatible') continue;
		const amount =
			p.areaHa > 0
				? `${fmt(p.areaHa, 4)} ha`
				: p.lengthM > 0
					? `${fmt(p.lengthM, 1)} m`
					: `${p.count} punto(s)`;
		out.push({
			code: level === 'incompatible' ? 'ZEE_INCOMPATIBLE' : 'ZEE_RESTRICTED',
			message: `${amount} en la zona «${z.name}» (${z.categoria.replace(/_/g, ' ')}), ${level === 'incompatible' ? 'incompatible' : 'restringida'} para este tipo de intervención según la tabla de compatibilidad.`,
			categoria: z.categoria,
			zoneId: z.id,
			zoneName: z.name,
			ha: p.areaHa,
			m: p.lengthM,
			count: p.count
		});
	}
	return out;
}

/** ZEE_INCOMPATIBLE / ZEE_RESTRICTED warnings of one geometry, one per zone. */
export async function zeeWarnings(
	repo: Repository,
	type: InterventionType,
	geometry: Geometry
): Promise<InterventionWarning[]> {
	const zones = await zeeZones();
	if (!zones) return [ZEE_UNAVAILABLE];
	const compat = await zeeCompatSetting(repo);
	const ov = overlayInterventionsZones([{ id: 'x', geometry }], zones);
	return zeeWarningsFromPairs(ov.pairs, zones, compat, type);
}

/**
 * Geometry validation of one intervention and its warnings (outside the microcuenca, overlap with stored
 * interventions of the same type, ZEE). Used on save (`prepare`) and by the warnings refresh
 * (`refreshWarnings.ts`), so both compute exactly the same list.
 */
export async function evaluateGeometry(
	repo: Repository,
	type: InterventionType,
	rawGeometry: Geometry,
	geometry: Geometry,
	bbox: [number, number, number, number],
	selfId: number | null
): Promise<{ validation: ReturnType<typeof validateInterventionGeometry>; warnings: InterventionWarning[] }> {
	const mc = await microcuenca();
	const sameType = await sameTypeNear(repo, type, bbox, selfId);
	const validation = validateInterventionGeometry(type, rawGeometry, { microcuenca: mc, sameType });
	if (!validation.valid) return { validation, warnings: [] };
	const warnings: InterventionWarning[] = validation.warnings.map(({ reason, ...w }) => ({
		...w,
		message: reason
	}));
	if (!mc)
		warnings.push({
			code: 'CONTEXT_UNAVAILABLE',
			layer: 'microcuenca',
			message: 'No se pudo comprobar si está dentro de la microcuenca (capa no disponible).'
		});
	warnings.push(...(await zeeWarnings(repo, type, geometry)));
	return { validation, warnings };
}

async function prepare({ rawGeometry, input, current, repo }: PrepareArgs): Promise<FeatureInput> {
	const props = parseInterventionProperties(input.properties);
	let projectOverrides: ParamOverrides | undefined;
	if (props.projectId !== undefined) {
		const project = await repo.projects.get(props.projectId);
		if (!project)
			throw new ApiError(422, 'PROJECT_NOT_FOUND', 'El proyecto indicado no existe.', {
				projectId: props.projectId
			});
		projectOverrides = project.params[props.type];
	}
	if (vertexCount(input.geometry) > MAX_INTERVENTION_VERTICES)
		throw new ApiError(
			422,
			'GEOMETRY_TOO_MANY_VERTICES',
			`Una intervención admite como máximo ${MAX_INTERVENTION_VERTICES} vértices; simplifique el dibujo.`
		);
	const { validation: v, warnings } = await evaluateGeometry(
		repo,
		props.type,
		rawGeometry as Geometry,
		input.geometry,
		input.bbox,
		current?.id ?? null
	);
	if (!v.valid) throw new ApiError(422, apiGeometryCode(v.code), v.reason, { detail: v.code });

	const measures = measureIntervention(
		props.type,
		input.geometry,
		projectOverrides,
		props.params as ParamOverrides
	);
	return {
		...input,
		properties: { ...props, measures, warnings, computedAt: new Date().toISOString() }
	};
}

export const interventionsRule: LayerRule = {
	computedKeys: COMPUTED_KEYS,
	prepare,
	afterWrite: ({ repo, before, after, ctx }) => refreshNeighbours(repo, before, after, ctx)
};

/**
 * After a project's parameter overrides changed: recompute `measures` of its interventions (each an audited
 * feature update by the same actor). An intervention edited concurrently (version moved) is skipped — its
 * own save recomputes it. Returns how many were updated and skipped.
 */
export async function recomputeProjectMeasures(
	repo: Repository,
	projectId: string,
	ctx: Parameters<Repository['features']['update']>[4]
): Promise<{ updated: number; skipped: number }> {
	const project = await repo.projects.get(projectId);
	if (!project) return { updated: 0, skipped: 0 };
	let updated = 0;
	let skipped = 0;
	const PAGE = 5000;
	const targets: { id: number; version: number }[] = [];
	for (let offset = 0; ; offset += PAGE) {
		const page = await repo.features.list({
			layer: INTERVENTIONS_LAYER,
			statuses: ['borrador', 'publicado'],
			limit: PAGE,
			offset
		});
		for (const f of page.features)
			if (f.properties.projectId === projectId) targets.push({ id: f.id, version: f.version });
		if (page.features.length < PAGE) break;
	}
	for (const t of targets) {
		const f = await repo.features.get(INTERVENTIONS_LAYER, t.id);
		if (!f || f.version !== t.version || f.properties.projectId !== projectId) {
			skipped++;
			continue;
		}
		let props: InterventionProperties;
		try {
			props = parseInterventionProperties(f.properties);
		} catch {
			skipped++;
			continue;
		}
		const measures = measureIntervention(
			props.type,
			f.geometry,
			project.params[props.type],
			props.params as ParamOverrides
		);
		const r = await repo.features.update(
			INTERVENTIONS_LAYER,
			f.id,
			f.version,
			{
				geometry: f.geometry,
				bbox: f.bbox,
				status: f.status,
				properties: { ...f.properties, measures, computedAt: new Date().toISOString() }
			},
			ctx
		);
		if (r.ok) updated++;
		else skipped++;
	}
	return { updated, skipped };
}
