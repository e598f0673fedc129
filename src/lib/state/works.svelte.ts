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

export interface ApiError {
	status: number;
	code: string;
	message: string;
	current?: Work;
	issues?: unknown[];
}

const BASE = '/api/collections/intervenciones/features';

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

export function isApiError(e: unknown): e is ApiError {
	return typeof e === 'object' && e !== null && 'code' in e && 'status' in e;
}

/** Interventions (obras) with their selection; the map layer is derived from them. */
export class WorksState {
	items = $state.raw<Work[]>([]);
	selectedId = $state<string | null>(null);
	/** id being edited on the map (hidden from the layer while the sketch replaces it) */
	editingId = $state<string | null>(null);
	projects = $state.raw<Project[]>([]);
	types = $state.raw<Record<string, TypeInfo>>({});
	loaded = $state(false);
	error = $state<string | null>(null);

	selected = $derived(this.items.find((w) => w.id === this.selectedId) ?? null);

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

	async loadMeta(): Promise<void> {
		const [p, t] = await Promise.all([
			fetch('/api/projects').then((r) => asJson<{ projects: Project[] }>(r)),
			fetch('/api/params').then((r) => asJson<{ types: Record<string, TypeInfo> }>(r))
		]);
		this.projects = p.projects;
		this.types = t.types;
	}

	async create(geometry: Geometry, properties: WorkProps): Promise<Work> {
		const w = await asJson<Work>(
			await fetch(BASE, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ geometry, properties })
			})
		);
		this.items = [...this.items, w];
		return w;
	}

	async update(id: string, version: number, geometry: Geometry, properties: WorkProps): Promise<Work> {
		const w = await asJson<Work>(
			await fetch(`${BASE}/${encodeURIComponent(id)}`, {
				method: 'PUT',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ geometry, properties, version })
			})
		);
		this.items = this.items.map((x) => (x.id === id ? w : x));
		return w;
	}

	async remove(id: string, version: number): Promise<void> {
		await asJson<unknown>(
			await fetch(`${BASE}/${encodeURIComponent(id)}?version=${version}`, { method: 'DELETE' })
		);
		this.items = this.items.filter((x) => x.id !== id);
		if (this.selectedId === id) this.selectedId = null;
	}

	/** Replace one item with the server's current copy (after a 409). */
	replace(w: Work): void {
		this.items = this.items.map((x) => (x.id === w.id ? w : x));
	}
}
