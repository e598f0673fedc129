/**
 * Assembly sessions and live proposals (issue 9), shared by client and server. Pure TypeScript.
 *
 * A proposal is a stored feature with `properties.attrs.sessionId`:
 * - new zanjas, forestation areas and springs to protect → layer `intervenciones`, `state: 'propuesta'`
 *   (the interventions rule computes measures/warnings as for any intervention);
 * - problems (erosion, contamination) → layer `asamblea_problemas` (`type: 'problema'`).
 * Votes live in `properties.attrs.votes`. Promotion turns a proposal into a planned intervention, keeping the
 * link (`attrs.promotedFrom`) and the audit history.
 */
import { z } from 'zod';

export const PROBLEMS_LAYER = 'asamblea_problemas';
export const INTERVENTIONS = 'intervenciones';

export const PROPOSAL_KINDS = [
	'zanja_infiltracion',
	'forestacion',
	'proteccion_manante',
	'erosion',
	'contaminacion'
] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

export type DrawFamily = 'point' | 'line' | 'polygon';

export const KIND_INFO: Record<
	ProposalKind,
	{ layer: string; geometry: DrawFamily[]; defaultDraw: DrawFamily; problem: boolean }
> = {
	zanja_infiltracion: { layer: INTERVENTIONS, geometry: ['line'], defaultDraw: 'line', problem: false },
	forestacion: { layer: INTERVENTIONS, geometry: ['polygon'], defaultDraw: 'polygon', problem: false },
	proteccion_manante: { layer: INTERVENTIONS, geometry: ['point'], defaultDraw: 'point', problem: false },
	erosion: {
		layer: PROBLEMS_LAYER,
		geometry: ['polygon', 'point', 'line'],
		defaultDraw: 'polygon',
		problem: true
	},
	contaminacion: {
		layer: PROBLEMS_LAYER,
		geometry: ['point', 'polygon', 'line'],
		defaultDraw: 'point',
		problem: true
	}
};

/** Colour-blind-safe (Okabe–Ito) colours of proposal kinds; state is shown by a dashed outline. */
export const KIND_COLORS: Record<ProposalKind, string> = {
	zanja_infiltracion: '#a6611a',
	forestacion: '#009e73',
	proteccion_manante: '#0072b2',
	erosion: '#d55e00',
	contaminacion: '#cc79a7'
};

export const PHOTO_MAX_BYTES = 400 * 1024;
export const PHOTO_MIMES = ['image/jpeg', 'image/png'] as const;

const text = (max: number) => z.string().trim().max(max, `Máximo ${max} caracteres.`);
const isoDate = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'Fecha en formato AAAA-MM-DD.')
	.refine((s) => {
		const d = new Date(`${s}T00:00:00Z`);
		return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
	}, 'Fecha inexistente.');

export const sessionFieldsSchema = z
	.object({
		title: text(200).min(1, 'Falta el título.'),
		date: isoDate,
		place: text(200).min(1, 'Falta el lugar.'),
		community: text(200).nullable().optional(),
		participants: z.number().int().min(0).max(100_000).nullable().optional(),
		notes: text(4000).nullable().optional(),
		storyId: z.number().int().positive().nullable().optional(),
		closed: z.boolean().optional()
	})
	.strict();
export type SessionFields = z.infer<typeof sessionFieldsSchema>;

export interface AssemblySession {
	id: number;
	title: string;
	date: string;
	place: string;
	community: string | null;
	participants: number | null;
	notes: string | null;
	storyId: number | null;
	closed: boolean;
	version: number;
	createdBy: number | null;
	updatedBy: number | null;
	createdAt: string;
	updatedAt: string;
}

export const proposalCreateSchema = z
	.object({
		kind: z.enum(PROPOSAL_KINDS, { message: 'Tipo de propuesta desconocido.' }),
		geometry: z.unknown(),
		name: text(200).optional(),
		/** Who proposed it: the community… */
		community: text(200).optional(),
		/** …and the group / person inside it. */
		group: text(200).optional(),
		comment: text(2000).optional(),
		photoId: z.number().int().positive().nullable().optional()
	})
	.strict();
export type ProposalCreate = z.infer<typeof proposalCreateSchema>;

export const voteSchema = z
	.object({
		layer: z.enum([INTERVENTIONS, PROBLEMS_LAYER]),
		id: z.number().int().positive(),
		delta: z.union([z.literal(1), z.literal(-1)])
	})
	.strict();

export const promoteSchema = z
	.object({
		layer: z.enum([INTERVENTIONS, PROBLEMS_LAYER]),
		id: z.number().int().positive(),
		/** For problems: the intervention that answers it (its geometry family must fit). */
		type: z
			.enum([
				'zanja_infiltracion',
				'forestacion',
				'pastos_naturales',
				'proteccion_manante',
				'microreservorio',
				'anden'
			])
			.optional(),
		name: text(200).optional()
	})
	.strict();

/** A proposal as the sessions API returns it (flattened for lists, acta and exports). */
export interface Proposal {
	layer: string;
	id: number;
	version: number;
	kind: ProposalKind;
	state: string;
	name: string;
	community: string;
	group: string;
	comment: string;
	votes: number;
	photoId: number | null;
	promotedFrom: string | null;
	promotedTo: number | null;
	geometry: GeoJSON.Geometry;
	createdAt: string;
}

/** Features of a session → flattened proposals (the same function on both sides). */
export function toProposal(f: {
	layer: string;
	id: number;
	version: number;
	geometry: GeoJSON.Geometry;
	properties: Record<string, unknown>;
	createdAt: string;
}): Proposal {
	const p = f.properties;
	const a = (p.attrs ?? {}) as Record<string, unknown>;
	const str = (v: unknown) => (typeof v === 'string' ? v : '');
	const kind = (f.layer === PROBLEMS_LAYER ? str(p.problem) : str(p.type)) as ProposalKind;
	return {
		layer: f.layer,
		id: f.id,
		version: f.version,
		kind,
		state: str(p.state),
		name: str(p.name),
		community: str(p.community),
		group: str(a.group),
		comment: str(p.notes),
		votes: typeof a.votes === 'number' ? a.votes : 0,
		photoId: typeof a.photoId === 'number' ? a.photoId : null,
		promotedFrom: typeof a.promotedFrom === 'string' ? a.promotedFrom : null,
		promotedTo: typeof a.promotedTo === 'number' ? a.promotedTo : null,
		geometry: f.geometry,
		createdAt: f.createdAt
	};
}

/** Order used in the acta and the list: most votes first, then oldest first. */
export function byVotes(a: Proposal, b: Proposal): number {
	return b.votes - a.votes || a.createdAt.localeCompare(b.createdAt) || a.id - b.id;
}

export const proposalKey = (p: Pick<Proposal, 'layer' | 'id'>) => `${p.layer}-${p.id}`;

/** Stable numbers (1, 2, …) in creation order: the number said aloud in the room never changes with votes. */
export function proposalNumbers(list: Proposal[]): Map<string, number> {
	const sorted = [...list].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
	return new Map(sorted.map((p, i) => [proposalKey(p), i + 1]));
}

/** GeoJSON FeatureCollection of proposals (for the map, the GeoJSON/CSV downloads). */
export function proposalsToCollection(list: Proposal[]): GeoJSON.FeatureCollection {
	const num = proposalNumbers(list);
	return {
		type: 'FeatureCollection',
		features: list.map((p) => ({
			type: 'Feature',
			id: proposalKey(p),
			geometry: p.geometry,
			properties: {
				n: num.get(proposalKey(p)) ?? 0,
				capa: p.layer,
				id: p.id,
				tipo: p.kind,
				estado: p.state,
				nombre: p.name,
				comunidad: p.community,
				grupo: p.group,
				comentario: p.comment,
				votos: p.votes,
				foto: p.photoId,
				promovida_desde: p.promotedFrom,
				promovida_a: p.promotedTo
			}
		}))
	};
}
