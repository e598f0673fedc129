/**
 * Writes an imported layer of a KNOWN kind (microcuenca, laguna, quebradas, manantes, zee, …) as a real
 * layer of the catalogue: `<dataDir>/layers/<kind>.geojson` + `<kind>.provenance.json`, atomically (temp
 * file + rename), the same files `npm run load-geodata` writes. The previous real files, if any, are kept
 * as `<kind>.geojson.replaced-<UTC>` (+ provenance) so a replacement can be undone by hand.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import type { LayerKind } from '../../geo/layerKinds';
import type { StoredProvenance } from '../geodata/catalogue';
import { clearLayerCache } from '../geodata/catalogue';
import { layersDir } from '../geodata/paths';

export interface ReferenceWrite {
	kind: LayerKind;
	fc: FeatureCollection;
	provenance: StoredProvenance & Record<string, unknown>;
}

async function exists(p: string): Promise<boolean> {
	return stat(p).then(
		(s) => s.isFile(),
		() => false
	);
}

export function checksumOf(fc: FeatureCollection): string {
	return `sha256:${createHash('sha256').update(JSON.stringify(fc)).digest('hex')}`;
}

/** Returns the names of the backup files made of the replaced layer (empty when there was none). */
export async function writeReferenceLayer(w: ReferenceWrite, dir = layersDir()): Promise<string[]> {
	await mkdir(dir, { recursive: true });
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	const backups: string[] = [];
	for (const name of [`${w.kind}.geojson`, `${w.kind}.provenance.json`]) {
		if (await exists(join(dir, name))) {
			const b = `${name}.replaced-${stamp}`;
			await copyFile(join(dir, name), join(dir, b));
			backups.push(b);
		}
	}
	const files: [string, string][] = [
		[`${w.kind}.geojson`, JSON.stringify(w.fc)],
		[`${w.kind}.provenance.json`, JSON.stringify(w.provenance, null, '\t') + '\n']
	];
	const tmps = files.map(([name]) => join(dir, `.${name}.${process.pid}.${Date.now()}.tmp`));
	try {
		await Promise.all(files.map(([, content], i) => writeFile(tmps[i] as string, content)));
		for (let i = 0; i < files.length; i++) await rename(tmps[i] as string, join(dir, files[i]![0]));
	} catch (e) {
		await Promise.all(tmps.map((t) => unlink(t).catch(() => undefined)));
		throw e;
	}
	clearLayerCache();
	return backups;
}
