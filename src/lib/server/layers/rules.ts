/**
 * Per-layer rules for the generic feature API: a layer listed here gets its properties and geometry
 * validated and its computed properties filled in by the generic handlers (`http/features.ts`), so every
 * route (create, PUT, PATCH) applies them — no special case in routes.
 */
import type { AuditContext, FeatureInput, Repository, StoredFeature } from '../repo/types';
import { interventionsRule } from '../interventions/rule';
import { INTERVENTIONS_LAYER } from '../interventions/schema';

export interface PrepareArgs {
	layer: string;
	/** The geometry exactly as sent (before the generic validator removed consecutive duplicates). */
	rawGeometry: unknown;
	/** Generic-validated input (geometry, bbox, properties as sent, status). */
	input: FeatureInput;
	/** The stored feature on update, null on create. */
	current: StoredFeature | null;
	repo: Repository;
}

export interface LayerRule {
	/** Properties the server computes; ignored when comparing or accepting client input. */
	computedKeys: readonly string[];
	/** Validates (throws ApiError 422) and returns the input to store, with computed properties. */
	prepare(args: PrepareArgs): Promise<FeatureInput>;
	/**
	 * Optional, after a create / update / delete was committed (before null = create, after null = delete):
	 * derived data of OTHER features of the layer (e.g. intervention warnings of neighbours). Returns the
	 * ids it rewrote; the generic handlers send them in `x-warnings-refreshed` and never fail the request.
	 */
	afterWrite?(args: {
		repo: Repository;
		before: StoredFeature | null;
		after: StoredFeature | null;
		ctx: AuditContext;
	}): Promise<number[]>;
}

export const layerRules: Readonly<Record<string, LayerRule>> = {
	[INTERVENTIONS_LAYER]: interventionsRule
};

export function layerRule(layer: string): LayerRule | undefined {
	return Object.hasOwn(layerRules, layer) ? layerRules[layer] : undefined;
}

/** Properties without the rule's computed keys. */
export function withoutComputed(
	rule: LayerRule | undefined,
	properties: Record<string, unknown>
): Record<string, unknown> {
	if (!rule) return properties;
	const out = { ...properties };
	for (const k of rule.computedKeys) delete out[k];
	return out;
}

/** JSON with object keys sorted, to compare values regardless of key order. */
export function canonicalJson(v: unknown): string {
	return JSON.stringify(v, (_k, x: unknown) =>
		x && typeof x === 'object' && !Array.isArray(x)
			? Object.fromEntries(
					Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
				)
			: x
	);
}
