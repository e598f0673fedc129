/**
 * Keeps the stored `warnings` of interventions true when something they depend on changes after their
 * save (docs/decisions/112-warnings-refresh.md):
 *  - the ZEE compatibility table (PUT /api/settings/zee-compat)          → cause `zee_compat`, all interventions;
 *  - the ZEE or microcuenca reference layer (import wizard, kind zee/microcuenca) → `zee_layer` / `microcuenca_layer`;
 *  - a same-type neighbour created, edited or deleted (generic feature API) → `neighbour`, only the same-type
 *    interventions whose bbox touches the neighbour's old or new bbox.
 * Warnings are recomputed with the same function as a save (`evaluateGeometry`). Only interventions whose
 * warnings really changed are written: each one is an ordinary audited feature update (version + 1) by the
 * actor of the triggering request (same request id), with `properties.warningsRefresh = { cause, at,
 * featureId? }` so the history shows why. An intervention whose version moved meanwhile is skipped (its own
 * save recomputed its warnings). Measures and the rest of the properties are kept as stored.
 * ZEE causes recompute only the ZEE warnings, for all interventions in ONE overlay (100k interventions stay
 * seconds, not minutes); the others re-run the whole save-time evaluation per intervention. Only a real
 * change is written (`comparable`: codes, zones, ids, amounts to 4 significant digits).
 */
import type { Geometry } from 'geojson';
import { overlayInterventionsZones, type InterventionType } from '../../geo/interventions';
import type { OverlayPair } from '../../geo/interventions/overlay';
import { canonicalJson } from '../layers/rules';
import type { AuditContext, Repository, StoredFeature } from '../repo/types';
import { zeeZones } from './context';
import {
	evaluateGeometry,
	isZeeWarning,
	ZEE_UNAVAILABLE,
	zeeCompatSetting,
	zeeWarningsFromPairs,
	type InterventionWarning
} from './rule';
import { INTERVENTIONS_LAYER } from './schema';

export type WarningsRefreshCause = 'zee_compat' | 'zee_layer' | 'microcuenca_layer' | 'neighbour';

export interface WarningsRefreshScope {
	/** Only interventions whose bbox touches one of these (default: all). */
	bboxes?: [number, number, number, number][];
	/** Only these types (default: all). */
	types?: ReadonlySet<string>;
	/** Never this one (the feature whose own save already computed its warnings). */
	excludeId?: number;
}

export interface WarningsRefreshResult {
	/** Interventions examined. */
	checked: number;
	/** Ids whose stored warnings changed (each a new version). */
	updated: number[];
	/** Changed warnings not written because the intervention was edited meanwhile (or its data is invalid). */
	skipped: number;
}

const PAGE = 5000;

/**
 * Warnings as JSON for "did they change?": keys sorted, numbers rounded to 4 significant digits, `message`
 * left out (it is derived from the other fields). The overlay's integer frame covers every item measured
 * together, so a batch and a single save differ at ~1e-6 relative: that must not create a version.
 */
function comparable(warnings: unknown): string {
	return canonicalJson(
		JSON.parse(
			JSON.stringify(warnings ?? [], (k, v: unknown) =>
				k === 'message'
					? undefined
					: typeof v === 'number' && Number.isFinite(v) && v !== 0
						? Number(v.toPrecision(4))
						: v
			)
		)
	);
}

/** Fresh ZEE warnings of many interventions with one overlay; the other stored warnings are kept. */
async function zeeOnly(
	repo: Repository,
	feats: StoredFeature[]
): Promise<Map<number, InterventionWarning[]>> {
	const zones = await zeeZones();
	const compat = await zeeCompatSetting(repo);
	const pairsOf = new Map<number, OverlayPair[]>();
	if (zones) {
		const ov = overlayInterventionsZones(
			feats.map((f) => ({ id: String(f.id), geometry: f.geometry as Geometry })),
			zones
		);
		for (const p of ov.pairs) {
			const id = feats[p.itemIndex]!.id;
			const list = pairsOf.get(id);
			if (list) list.push(p);
			else pairsOf.set(id, [p]);
		}
	}
	const out = new Map<number, InterventionWarning[]>();
	for (const f of feats) {
		const stored = Array.isArray(f.properties.warnings)
			? (f.properties.warnings as InterventionWarning[])
			: [];
		const zee = zones
			? zeeWarningsFromPairs(pairsOf.get(f.id) ?? [], zones, compat, f.properties.type as InterventionType)
			: [ZEE_UNAVAILABLE];
		out.set(f.id, [...stored.filter((w) => !isZeeWarning(w)), ...zee]);
	}
	return out;
}

async function candidates(repo: Repository, scope: WarningsRefreshScope): Promise<StoredFeature[]> {
	const byId = new Map<number, StoredFeature>();
	const boxes: ([number, number, number, number] | undefined)[] = scope.bboxes ?? [undefined];
	for (const bbox of boxes) {
		for (let offset = 0; ; offset += PAGE) {
			const page = await repo.features.list({
				layer: INTERVENTIONS_LAYER,
				statuses: ['borrador', 'publicado'],
				...(bbox ? { bbox } : {}),
				limit: PAGE,
				offset
			});
			for (const f of page.features) {
				if (f.id === scope.excludeId) continue;
				if (scope.types && !scope.types.has(String(f.properties.type))) continue;
				byId.set(f.id, f);
			}
			if (page.features.length < PAGE) break;
		}
	}
	return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** Recomputes and, where they changed, stores the warnings of the interventions in `scope`. */
export async function refreshInterventionWarnings(
	repo: Repository,
	scope: WarningsRefreshScope,
	reason: { cause: WarningsRefreshCause; featureId?: number },
	ctx: AuditContext
): Promise<WarningsRefreshResult> {
	const out: WarningsRefreshResult = { checked: 0, updated: [], skipped: 0 };
	const feats = await candidates(repo, scope);
	const zeeFresh =
		reason.cause === 'zee_compat' || reason.cause === 'zee_layer' ? await zeeOnly(repo, feats) : null;
	for (const f of feats) {
		out.checked++;
		let warnings: InterventionWarning[];
		if (zeeFresh) warnings = zeeFresh.get(f.id) ?? [];
		else {
			const type = f.properties.type as InterventionType;
			const evaluated = await evaluateGeometry(
				repo,
				type,
				f.geometry as Geometry,
				f.geometry as Geometry,
				f.bbox,
				f.id
			);
			if (!evaluated.validation.valid) {
				out.skipped++;
				continue;
			}
			warnings = evaluated.warnings;
		}
		if (comparable(warnings) === comparable(f.properties.warnings)) continue;
		const r = await repo.features.update(
			INTERVENTIONS_LAYER,
			f.id,
			f.version,
			{
				geometry: f.geometry,
				bbox: f.bbox,
				status: f.status,
				properties: {
					...f.properties,
					warnings,
					warningsRefresh: {
						cause: reason.cause,
						at: new Date().toISOString(),
						...(reason.featureId !== undefined ? { featureId: reason.featureId } : {})
					}
				}
			},
			ctx
		);
		if (r.ok) out.updated.push(f.id);
		else out.skipped++;
	}
	return out;
}

/**
 * After a create / update / delete of one intervention: refresh its same-type neighbours (old and new
 * place, old and new type). Nothing to do when neither geometry nor type changed (a status-only PATCH, an
 * attribute edit). Returns the ids refreshed.
 */
export async function refreshNeighbours(
	repo: Repository,
	before: StoredFeature | null,
	after: StoredFeature | null,
	ctx: AuditContext
): Promise<number[]> {
	const self = after ?? before;
	if (!self) return [];
	if (
		before &&
		after &&
		before.properties.type === after.properties.type &&
		JSON.stringify(before.geometry) === JSON.stringify(after.geometry)
	)
		return [];
	const bboxes: [number, number, number, number][] = [];
	const types = new Set<string>();
	for (const f of [before, after])
		if (f && typeof f.properties.type === 'string') {
			bboxes.push(f.bbox);
			types.add(f.properties.type);
		}
	if (bboxes.length === 0) return [];
	const r = await refreshInterventionWarnings(
		repo,
		{ bboxes, types, excludeId: self.id },
		{ cause: 'neighbour', featureId: self.id },
		ctx
	);
	return r.updated;
}
