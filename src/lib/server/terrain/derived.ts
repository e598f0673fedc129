/**
 * Layers derived from the installation's DEM (streams → `quebradas`, a delineated basin → `microcuenca`) replace the
 * illustrative layer of that kind, as a "real" layer of the catalogue with provenance "derivado del DEM …". A layer
 * derived from a SYNTHETIC DEM stays marked illustrative. Written atomically (temp + rename).
 */
import { copyFile, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validateGeoJSON } from '$lib/geo/validateGeoJSON';
import { LAYER_KIND_DEFS } from '$lib/geo/layerKinds';
import { layersDir } from '$lib/server/geodata/paths';
import { clearLayerCache } from '$lib/server/geodata/catalogue';
import { ApiError } from '$lib/server/http/errors';
import type { DemRecord } from './dem';

export const DERIVABLE = ['quebradas', 'microcuenca'] as const;
export type DerivableKind = (typeof DERIVABLE)[number];

export async function writeDerivedLayer(
	kind: DerivableKind,
	data: unknown,
	dem: DemRecord,
	parameters: Record<string, unknown>,
	by: string
): Promise<{ featureCount: number }> {
	const v = validateGeoJSON(data, { geometryType: LAYER_KIND_DEFS[kind].geometryType, maxFeatures: 20_000 });
	if (!v.valid) throw new ApiError(422, v.code, v.message);
	const params = JSON.stringify(parameters).slice(0, 300);
	const summary = derivedSummary(kind, dem, parameters);
	const provenance = {
		source: `${summary} — yaku: ${
			kind === 'quebradas'
				? 'relleno de depresiones, D8, acumulación de flujo y umbral'
				: 'cuenca desde un punto de salida'
		}; parámetros ${params}`,
		producer: `yaku (cargado por ${by})`,
		licence: 'la del DEM de origen',
		crs: 'EPSG:4326',
		date: new Date().toISOString().slice(0, 10),
		transformation: `derivado del DEM ${dem.width}×${dem.height} celdas (EPSG:${dem.crs})`,
		featureCount: v.featureCount,
		attribution: `Derivado del DEM ${dem.name}`,
		loadedAt: new Date().toISOString(),
		illustrative: dem.synthetic,
		derivedFromDem: { name: dem.name, synthetic: dem.synthetic, parameters }
	};
	const features = v.featureCollection.features.map((f, i) => ({
		...f,
		properties: {
			...(f.properties ?? {}),
			nombre:
				f.properties?.nombre ??
				(kind === 'microcuenca' ? 'Cuenca delimitada desde el DEM' : `Quebrada ${i + 1}`),
			fuente: summary,
			...(dem.synthetic ? { illustrative: true } : {})
		}
	}));
	const dir = layersDir();
	await mkdir(dir, { recursive: true });
	const stamp = `${process.pid}-${Date.now()}`;
	const geo = join(dir, `${kind}.geojson`);
	const prov = join(dir, `${kind}.provenance.json`);
	// keep what was there before the first derivation (an official or imported layer) so it can be restored
	if (!(await isDerived(prov)))
		for (const f of [geo, prov])
			await copyFile(f, `${f}${BEFORE}`).catch((e: NodeJS.ErrnoException) => {
				if (e.code !== 'ENOENT') throw e;
				return unlink(`${f}${BEFORE}`).catch(() => undefined);
			});
	await writeFile(`${geo}.${stamp}.tmp`, JSON.stringify({ type: 'FeatureCollection', features }));
	await writeFile(`${prov}.${stamp}.tmp`, JSON.stringify(provenance, null, 2));
	await rename(`${prov}.${stamp}.tmp`, prov);
	await rename(`${geo}.${stamp}.tmp`, geo);
	clearLayerCache();
	return { featureCount: v.featureCount };
}

const BEFORE = '.before-dem';

/** "Derivado del DEM «X» (SINTÉTICO), umbral 20 ha" — shown in the layer's provenance and in each feature's popup. */
export function derivedSummary(
	kind: DerivableKind,
	dem: DemRecord,
	parameters: Record<string, unknown>
): string {
	const t = Number(parameters.thresholdHa);
	const detail =
		kind === 'quebradas'
			? Number.isFinite(t)
				? `umbral ${t} ha`
				: 'umbral por defecto'
			: Array.isArray(parameters.outlet)
				? `salida ${(parameters.outlet as unknown[])
						.slice(0, 2)
						.map((v) => Number(v).toFixed(5))
						.join(', ')}${Number.isFinite(t) ? `, umbral ${t} ha` : ''}`
				: 'desde un punto de salida';
	return `Derivado del DEM «${dem.name}»${dem.synthetic ? ' (SINTÉTICO)' : ''}, ${detail}`;
}

async function isDerived(provPath: string): Promise<boolean> {
	try {
		return !!(JSON.parse(await readFile(provPath, 'utf8')) as { derivedFromDem?: unknown }).derivedFromDem;
	} catch {
		return false;
	}
}

/**
 * Undoes the DEM derivation of `kind`: puts back the layer that was there before (official / imported), or, if
 * there was none, removes the derived files so the illustrative layer shows again. 409 when the layer is not derived.
 */
export async function restoreDerivedLayer(
	kind: DerivableKind
): Promise<{ restored: 'previous' | 'illustrative' }> {
	const dir = layersDir();
	const geo = join(dir, `${kind}.geojson`);
	const prov = join(dir, `${kind}.provenance.json`);
	if (!(await isDerived(prov)))
		throw new ApiError(
			409,
			'LAYER_NOT_DERIVED',
			'La capa no es una capa derivada del DEM: no hay nada que restaurar.'
		);
	const hadBefore = await readFile(`${geo}${BEFORE}`).then(
		() => true,
		() => false
	);
	if (hadBefore) {
		await rename(`${prov}${BEFORE}`, prov).catch(() => unlink(prov));
		await rename(`${geo}${BEFORE}`, geo);
	} else {
		await unlink(geo).catch(() => undefined);
		await unlink(prov).catch(() => undefined);
	}
	clearLayerCache();
	return { restored: hadBefore ? 'previous' : 'illustrative' };
}
