/**
 * `yaku-layers.json`: says which layer kind each file of a folder is, and its provenance.
 *
 * {
 *   "version": 1,
 *   "match": { "allFiles": ["a.geojson"] },          // seed manifests only: when they apply
 *   "defaults": { "licence": "CC BY 4.0", ... },      // any provenance field, for every file
 *   "files": {
 *     "a.geojson": { "kind": "distrito", "source": "...", "producer": "...", "licence": "...",
 *                    "attribution": "...", "date": "2023", "crs": "EPSG:4326", "transformation": "..." }
 *   }
 * }
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { LAYER_KINDS } from '../../geo/layerKinds';

const provenanceFields = {
	source: z.string().min(1).optional(),
	producer: z.string().min(1).optional(),
	licence: z.string().min(1).optional(),
	attribution: z.string().min(1).optional(),
	date: z.string().min(1).optional(),
	/** CRS of the source file when it has no (or a wrong) .prj / crs member: "EPSG:32718" or "+proj=…". */
	crs: z.string().min(1).optional(),
	/** What was done to the data before it reached this folder. */
	transformation: z.string().min(1).optional(),
	illustrative: z.boolean().optional()
};

export const manifestFileSchema = z.object({ kind: z.enum(LAYER_KINDS), ...provenanceFields });

export const manifestSchema = z.object({
	version: z.literal(1),
	description: z.string().optional(),
	match: z.object({ allFiles: z.array(z.string().min(1)).min(1) }).optional(),
	defaults: z.object(provenanceFields).optional(),
	files: z.record(z.string().min(1), manifestFileSchema)
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestFile = z.infer<typeof manifestFileSchema>;

export const MANIFEST_NAME = 'yaku-layers.json';

export class ManifestError extends Error {
	readonly code = 'LOADER_MANIFEST_INVALID';
}

export async function readManifest(path: string): Promise<Manifest> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch {
		throw new ManifestError(`No se pudo leer el manifiesto ${path}.`);
	}
	let json: unknown;
	try {
		json = JSON.parse(text.replace(/^\uFEFF/, ''));
	} catch (e) {
		throw new ManifestError(`El manifiesto ${path} no es JSON válido (${(e as Error).message}).`);
	}
	const parsed = manifestSchema.safeParse(json);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new ManifestError(
			`El manifiesto ${path} no es válido: ${issue ? `${issue.path.join('.')}: ${issue.message}` : ''}`
		);
	}
	return parsed.data;
}

/** The first seed manifest (sorted by name) whose `match.allFiles` are all in `names`. */
export async function findSeedManifest(
	seedDir: string,
	names: readonly string[]
): Promise<{ path: string; manifest: Manifest } | null> {
	let entries: string[];
	try {
		entries = (await readdir(seedDir)).filter((n) => n.endsWith('.json')).sort();
	} catch {
		return null;
	}
	const present = new Set(names);
	for (const entry of entries) {
		const path = join(seedDir, entry);
		const manifest = await readManifest(path);
		const required = manifest.match?.allFiles ?? Object.keys(manifest.files);
		if (required.every((n) => present.has(n))) return { path, manifest };
	}
	return null;
}
