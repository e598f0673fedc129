/**
 * Layers derived from the installation's DEM (streams → `quebradas`, a delineated basin → `microcuenca`) replace the
 * illustrative layer of that kind, as a "real" layer of the catalogue with provenance "derivado del DEM …". A layer
 * derived from a SYNTHETIC DEM stays marked illustrative. Written atomically (temp + rename).
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validateGeoJSON } from '$lib/geo/validateGeoJSON';
import { LAYER_KIND_DEFS } from '$lib/geo/layerKinds';
import { layersDir } from '$lib/server/geodata/paths';
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
	const provenance = {
		source: `Derivado del DEM «${dem.name}» (${dem.source}) por yaku: ${
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
		illustrative: dem.synthetic
	};
	const features = v.featureCollection.features.map((f, i) => ({
		...f,
		properties: {
			...(f.properties ?? {}),
			nombre:
				f.properties?.nombre ??
				(kind === 'microcuenca' ? 'Cuenca delimitada desde el DEM' : `Quebrada ${i + 1}`),
			...(dem.synthetic ? { illustrative: true } : {})
		}
	}));
	const dir = layersDir();
	await mkdir(dir, { recursive: true });
	const stamp = `${process.pid}-${Date.now()}`;
	const geo = join(dir, `${kind}.geojson`);
	const prov = join(dir, `${kind}.provenance.json`);
	await writeFile(`${geo}.${stamp}.tmp`, JSON.stringify({ type: 'FeatureCollection', features }));
	await writeFile(`${prov}.${stamp}.tmp`, JSON.stringify(provenance, null, 2));
	await rename(`${prov}.${stamp}.tmp`, prov);
	await rename(`${geo}.${stamp}.tmp`, geo);
	return { featureCount: v.featureCount };
}
