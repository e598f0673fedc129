/**
 * Stories (issue 9): a sequence of saved map views presented step by step in assembly mode. Shared by the
 * client (editor, JSON import) and the server (validation of /api/stories): one zod schema, one file format.
 * Pure TypeScript — no svelte, no DOM, no maplibre.
 */
import { z } from 'zod';

export const STORY_FILE_FORMAT = 'yaku-story';
export const STORY_FILE_VERSION = 1;
export const MAX_STEPS = 60;
export const MAX_HIGHLIGHTS = 20;
/** Vertices of one highlighted geometry (the district boundary of the real data is well below). */
export const MAX_HIGHLIGHT_VERTICES = 20_000;

const text = (max: number) => z.string().trim().max(max, `Máximo ${max} caracteres.`);

/** Spanish is required, Quechua optional (falls back to Spanish when presenting). */
export const bilingualTitleSchema = z
	.object({ es: text(200).min(1, 'Falta el título en castellano.'), qu: text(200).optional() })
	.strict();
export const bilingualTextSchema = z
	.object({ es: text(2000).optional(), qu: text(2000).optional() })
	.strict();

export const cameraSchema = z
	.object({
		lng: z.number().min(-180).max(180),
		lat: z.number().min(-85).max(85),
		zoom: z.number().min(0).max(22),
		bearing: z.number().min(-360).max(360),
		pitch: z.number().min(0).max(85)
	})
	.strict();

const position = z.array(z.number().finite()).min(2).max(3);
const geometrySchema = z.union([
	z.object({ type: z.literal('Point'), coordinates: position }).strict(),
	z.object({ type: z.literal('MultiPoint'), coordinates: z.array(position) }).strict(),
	z.object({ type: z.literal('LineString'), coordinates: z.array(position).min(2) }).strict(),
	z.object({ type: z.literal('MultiLineString'), coordinates: z.array(z.array(position)) }).strict(),
	z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(position).min(4)) }).strict(),
	z
		.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(position).min(4))) })
		.strict()
]);

function countVertices(c: unknown): number {
	if (!Array.isArray(c)) return 0;
	if (typeof c[0] === 'number') return 1;
	let n = 0;
	for (const x of c) n += countVertices(x);
	return n;
}

export const highlightSchema = z
	.object({
		layer: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'Capa inválida.'),
		featureId: z.union([z.string().max(100), z.number(), z.null()]).optional(),
		label: text(200).optional(),
		geometry: geometrySchema
	})
	.strict()
	.refine(
		(h) => countVertices(h.geometry.coordinates) <= MAX_HIGHLIGHT_VERTICES,
		`Una geometría resaltada tiene más de ${MAX_HIGHLIGHT_VERTICES} vértices.`
	);

export const stepSchema = z
	.object({
		id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'Identificador de paso inválido.'),
		title: bilingualTitleSchema,
		text: bilingualTextSchema.optional(),
		camera: cameraSchema,
		layers: z.array(z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/)).max(50),
		highlights: z.array(highlightSchema).max(MAX_HIGHLIGHTS).optional()
	})
	.strict();

/** The editable content of a story (what the client sends and what the file carries). */
export const storyContentSchema = z
	.object({
		title: bilingualTitleSchema,
		description: bilingualTextSchema.optional(),
		steps: z.array(stepSchema).max(MAX_STEPS, `Máximo ${MAX_STEPS} pasos.`)
	})
	.strict()
	.superRefine((s, ctx) => {
		const seen = new Set<string>();
		s.steps.forEach((st, i) => {
			if (seen.has(st.id))
				ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: 'Paso repetido.' });
			seen.add(st.id);
		});
	});

export type StoryContent = z.infer<typeof storyContentSchema>;
export type StoryStep = z.infer<typeof stepSchema>;
export type StoryHighlight = z.infer<typeof highlightSchema>;
export type StoryCamera = z.infer<typeof cameraSchema>;

/** A stored story (GET /api/stories/:id). */
export interface Story extends StoryContent {
	id: number;
	version: number;
	createdBy: number | null;
	updatedBy: number | null;
	createdAt: string;
	updatedAt: string;
}

/** The exported file: `{ format: 'yaku-story', formatVersion: 1, exportedAt, story: StoryContent }`. */
export const storyFileSchema = z
	.object({
		format: z.literal(STORY_FILE_FORMAT, { message: 'No es un archivo de historia de yaku.' }),
		formatVersion: z.literal(STORY_FILE_VERSION, { message: 'Versión de archivo no soportada.' }),
		exportedAt: z.string().max(40).optional(),
		story: storyContentSchema
	})
	.strict();

export type StoryFile = z.infer<typeof storyFileSchema>;

export function toStoryFile(s: StoryContent, now = new Date()): StoryFile {
	return {
		format: STORY_FILE_FORMAT,
		formatVersion: STORY_FILE_VERSION,
		exportedAt: now.toISOString(),
		story: { title: s.title, description: s.description, steps: s.steps }
	};
}

export interface StoryIssue {
	path: string;
	message: string;
}

export type ParseStoryFileResult =
	{ ok: true; story: StoryContent } | { ok: false; code: string; message: string; issues: StoryIssue[] };

/** Parses the text of an imported file. Never throws; errors carry a stable code and Spanish messages. */
export function parseStoryFile(text: string, maxBytes = 400_000): ParseStoryFileResult {
	if (new TextEncoder().encode(text).byteLength > maxBytes)
		return {
			ok: false,
			code: 'STORY_FILE_TOO_LARGE',
			message: `El archivo ocupa más de ${Math.round(maxBytes / 1000)} kB.`,
			issues: []
		};
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch {
		return { ok: false, code: 'STORY_FILE_NOT_JSON', message: 'El archivo no es JSON válido.', issues: [] };
	}
	const r = storyFileSchema.safeParse(raw);
	if (!r.success) {
		const issues = r.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message }));
		return {
			ok: false,
			code: 'STORY_FILE_INVALID',
			message: `El archivo no es una historia válida: ${issues[0]?.path ? `${issues[0].path}: ` : ''}${issues[0]?.message ?? ''}`,
			issues
		};
	}
	return { ok: true, story: r.data.story };
}

/** Pick the title/text in the presentation language (Quechua falls back to Spanish). */
export function pick(t: { es?: string; qu?: string } | undefined, lang: string): string {
	if (!t) return '';
	if (lang === 'qu' && t.qu) return t.qu;
	return t.es ?? '';
}

export function newStepId(): string {
	return `s${Math.random().toString(36).slice(2, 10)}`;
}
