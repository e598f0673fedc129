/**
 * Shapefile → GeoJSON (source coordinates, not reprojected) with shpjs, behind structural checks
 * for the hazards of parser-hazards.md that shpjs lets through silently: truncated `.shp`, records
 * longer than the file, record shape type ≠ header type, `.dbf` header lying about its record count
 * or record size (which can make shpjs loop for minutes), and Latin-1 `.dbf` without `.cpg`.
 * The `.prj` is NOT handed to shpjs: the loader recognises it itself (see sourceCrs.ts).
 */
import shp from 'shpjs';
import type { FeatureCollection } from 'geojson';

export interface ShapefileParts {
	/** Base name used in messages (e.g. "zanjas.shp"). */
	name: string;
	shp: Buffer;
	dbf?: Buffer;
	cpg?: string;
}

export class ShapefileError extends Error {
	readonly code = 'GEODATA_INVALID';
}

const SHAPE_TYPES = new Set([1, 3, 5, 8, 11, 13, 15, 18, 21, 23, 25, 28]);
const MAX_RECORDS = 2_000_000;

/** Validates the .shp structure and returns its record count. */
export function checkShp(name: string, buf: Buffer): number {
	if (buf.length < 100 || buf.readInt32BE(0) !== 9994) {
		throw new ShapefileError(`${name}: no es un archivo .shp válido (cabecera).`);
	}
	const declared = buf.readInt32BE(24) * 2;
	if (declared > buf.length) {
		throw new ShapefileError(`${name}: el .shp está truncado (${buf.length} de ${declared} bytes).`);
	}
	const type = buf.readInt32LE(32);
	if (!SHAPE_TYPES.has(type)) throw new ShapefileError(`${name}: tipo de geometría ${type} no admitido.`);
	let p = 100;
	let records = 0;
	while (p < declared) {
		if (p + 8 > declared) throw new ShapefileError(`${name}: registro incompleto al final del .shp.`);
		const end = p + 8 + buf.readInt32BE(p + 4) * 2;
		if (end > declared || end < p + 12) {
			throw new ShapefileError(`${name}: el registro ${records + 1} excede el tamaño del archivo.`);
		}
		const recType = buf.readInt32LE(p + 8);
		if (recType !== 0 && recType !== type) {
			throw new ShapefileError(
				`${name}: el registro ${records + 1} es de tipo ${recType} y la cabecera dice ${type}.`
			);
		}
		records++;
		if (records > MAX_RECORDS) throw new ShapefileError(`${name}: más de ${MAX_RECORDS} registros.`);
		p = end;
	}
	return records;
}

/** Validates the .dbf header against its size and the .shp record count; returns the record bytes. */
export function checkDbf(name: string, buf: Buffer, shpRecords: number): Buffer {
	if (buf.length < 32) throw new ShapefileError(`${name}: .dbf demasiado corto.`);
	const records = buf.readUInt32LE(4);
	const headerLen = buf.readUInt16LE(8);
	const recordLen = buf.readUInt16LE(10);
	if (headerLen < 33 || recordLen < 1 || headerLen + records * recordLen > buf.length) {
		throw new ShapefileError(`${name}: la cabecera del .dbf no corresponde a su tamaño (¿dañado?).`);
	}
	if (records !== shpRecords) {
		throw new ShapefileError(`${name}: el .dbf tiene ${records} registros y el .shp ${shpRecords}.`);
	}
	return buf.subarray(headerLen, headerLen + records * recordLen);
}

function isUtf8(bytes: Buffer): boolean {
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		return true;
	} catch {
		return false;
	}
}

export interface ShapefileRead {
	featureCollection: FeatureCollection;
	warnings: string[];
}

type ShpFromObject = (parts: { shp: Buffer; dbf?: Buffer; cpg?: string }) => Promise<FeatureCollection>;

export async function readShapefile(parts: ShapefileParts): Promise<ShapefileRead> {
	const warnings: string[] = [];
	const records = checkShp(parts.name, parts.shp);
	let cpg = parts.cpg?.trim();
	if (parts.dbf) {
		const body = checkDbf(parts.name, parts.dbf, records);
		if (!cpg && !isUtf8(body)) {
			cpg = 'windows-1252';
			warnings.push(`${parts.name}: .dbf sin .cpg y no es UTF-8; se leyó como Windows-1252 (Latin-1).`);
		}
	} else {
		warnings.push(`${parts.name}: sin .dbf, las entidades no tendrán atributos.`);
	}
	const input: { shp: Buffer; dbf?: Buffer; cpg?: string } = { shp: parts.shp };
	if (parts.dbf) input.dbf = parts.dbf;
	if (cpg) input.cpg = cpg;
	let fc: FeatureCollection;
	try {
		fc = await (shp as unknown as ShpFromObject)(input);
	} catch (e) {
		throw new ShapefileError(
			`${parts.name}: shpjs no pudo leerlo (${e instanceof Error ? e.message : String(e)}).`
		);
	}
	if (fc.features.length !== records) {
		throw new ShapefileError(`${parts.name}: se leyeron ${fc.features.length} de ${records} registros.`);
	}
	return { featureCollection: fc, warnings };
}
