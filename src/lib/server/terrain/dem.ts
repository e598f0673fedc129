/**
 * The installation's DEM: uploaded once by an admin (packed, see `$lib/geo/raster/demPack`), stored in
 * `<dataDir>/dem/dem.ydem` + `dem.json`, served to every client. Server-only.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unpackDem } from '$lib/geo/raster/demPack';
import { RasterError } from '$lib/geo/raster/types';
import { unproject } from '$lib/geo/crs';
import { dataDir } from '$lib/server/geodata/paths';
import { ApiError } from '$lib/server/http/errors';

export interface DemRecord {
	name: string;
	source: string;
	synthetic: boolean;
	note?: string;
	width: number;
	height: number;
	crs: number;
	cellSizeM: { x: number; y: number };
	bboxLonLat: [number, number, number, number];
	bytes: number;
	sha256: string;
	uploadedAt: string;
	uploadedBy: string;
}

const dir = () => join(dataDir(), 'dem');
const binPath = () => join(dir(), 'dem.ydem');
const metaPath = () => join(dir(), 'dem.json');

export async function readDemRecord(): Promise<DemRecord | null> {
	try {
		return JSON.parse(await readFile(metaPath(), 'utf8')) as DemRecord;
	} catch {
		return null;
	}
}

export async function readDemBytes(): Promise<Uint8Array | null> {
	try {
		return new Uint8Array(await readFile(binPath()));
	} catch {
		return null;
	}
}

/** Validates the packed DEM fully, then stores it atomically (temp files + rename). */
export async function storeDem(bytes: Uint8Array, uploadedBy: string): Promise<DemRecord> {
	let dem;
	try {
		dem = unpackDem(bytes);
	} catch (e) {
		if (e instanceof RasterError) throw new ApiError(422, e.code, e.message);
		throw e;
	}
	const t = dem.transform;
	const corners = [
		[t[0], t[3]],
		[t[0] + dem.width * t[1], t[3] + dem.height * t[5]]
	].map(([x, y]) => (dem.crs === 4326 ? [x!, y!] : unproject([x!, y!], dem.crs)));
	const lons = corners.map((c) => c[0]!);
	const lats = corners.map((c) => c[1]!);
	const bboxLonLat: [number, number, number, number] = [
		Math.min(...lons),
		Math.min(...lats),
		Math.max(...lons),
		Math.max(...lats)
	];
	if (!bboxLonLat.every(Number.isFinite) || bboxLonLat[1] < -90 || bboxLonLat[3] > 90)
		throw new ApiError(422, 'DEM_CRS_UNKNOWN', 'El DEM no se puede ubicar en coordenadas geográficas.');
	const rec: DemRecord = {
		name: dem.metadata.name,
		source: dem.metadata.source,
		synthetic: dem.metadata.synthetic,
		...(dem.metadata.note ? { note: dem.metadata.note } : {}),
		width: dem.width,
		height: dem.height,
		crs: dem.crs,
		cellSizeM: dem.cellSizeM,
		bboxLonLat,
		bytes: bytes.length,
		sha256: createHash('sha256').update(bytes).digest('hex'),
		uploadedAt: new Date().toISOString(),
		uploadedBy
	};
	await mkdir(dir(), { recursive: true });
	const stamp = `${process.pid}-${Date.now()}`;
	await writeFile(`${binPath()}.${stamp}.tmp`, bytes);
	await writeFile(`${metaPath()}.${stamp}.tmp`, JSON.stringify(rec, null, 2));
	await rename(`${binPath()}.${stamp}.tmp`, binPath());
	await rename(`${metaPath()}.${stamp}.tmp`, metaPath());
	return rec;
}

export async function deleteDem(): Promise<void> {
	await rm(metaPath(), { force: true });
	await rm(binPath(), { force: true });
}
