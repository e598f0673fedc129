/** Tiny writers for test inputs: point shapefiles (.shp + .dbf) and stored/deflated ZIPs. */
import { crc32, deflateRawSync } from 'node:zlib';

export function pointShp(points: [number, number][]): Buffer {
	const buf = Buffer.alloc(100 + points.length * 28);
	buf.writeInt32BE(9994, 0);
	buf.writeInt32BE(buf.length / 2, 24);
	buf.writeInt32LE(1000, 28);
	buf.writeInt32LE(1, 32);
	const xs = points.map((p) => p[0]);
	const ys = points.map((p) => p[1]);
	[Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((v, i) =>
		buf.writeDoubleLE(v, 36 + i * 8)
	);
	points.forEach(([x, y], i) => {
		const o = 100 + i * 28;
		buf.writeInt32BE(i + 1, o);
		buf.writeInt32BE(10, o + 4);
		buf.writeInt32LE(1, o + 8);
		buf.writeDoubleLE(x, o + 12);
		buf.writeDoubleLE(y, o + 20);
	});
	return buf;
}

/** One character field "nombre" (width 20); `encoding` 'latin1' writes non-UTF-8 bytes. */
export function nameDbf(names: string[], encoding: BufferEncoding = 'utf8'): Buffer {
	const width = 20;
	const headerLen = 32 + 32 + 1;
	const recordLen = 1 + width;
	const buf = Buffer.alloc(headerLen + names.length * recordLen + 1, 0);
	buf.writeUInt8(0x03, 0);
	buf.writeUInt8(126, 1);
	buf.writeUInt8(1, 2);
	buf.writeUInt8(1, 3);
	buf.writeUInt32LE(names.length, 4);
	buf.writeUInt16LE(headerLen, 8);
	buf.writeUInt16LE(recordLen, 10);
	buf.write('nombre', 32, 'ascii');
	buf.write('C', 32 + 11, 'ascii');
	buf.writeUInt8(width, 32 + 16);
	buf.writeUInt8(0x0d, 64);
	names.forEach((n, i) => {
		const o = headerLen + i * recordLen;
		buf.write(' ', o, 'ascii');
		const bytes = Buffer.from(n.padEnd(width, ' '), encoding).subarray(0, width);
		bytes.copy(buf, o + 1);
	});
	buf.writeUInt8(0x1a, buf.length - 1);
	return buf;
}

export function zip(entries: { name: string; data: Buffer; deflate?: boolean }[]): Buffer {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const e of entries) {
		const name = Buffer.from(e.name, 'utf8');
		const body = e.deflate ? deflateRawSync(e.data) : e.data;
		const crc = crc32(e.data);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(e.deflate ? 8 : 0, 8);
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(body.length, 18);
		local.writeUInt32LE(e.data.length, 22);
		local.writeUInt16LE(name.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(e.deflate ? 8 : 0, 10);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(body.length, 20);
		central.writeUInt32LE(e.data.length, 24);
		central.writeUInt16LE(name.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, name, body);
		centrals.push(central, name);
		offset += 30 + name.length + body.length;
	}
	const cd = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(cd.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, cd, end]);
}

/** ESRI-style PSAD56 / UTM 18S .prj: no TOWGS84 (the hazard). */
export const PSAD56_UTM18S_ESRI_PRJ =
	'PROJCS["PSAD_1956_UTM_Zone_18S",GEOGCS["GCS_Provisional_S_American_1956",DATUM["D_Provisional_S_American_1956",' +
	'SPHEROID["International_1924",6378388.0,297.0]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],' +
	'PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",10000000.0],' +
	'PARAMETER["Central_Meridian",-75.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],' +
	'UNIT["Meter",1.0]]';

export const WGS84_UTM19S_PRJ =
	'PROJCS["WGS_1984_UTM_Zone_19S",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],' +
	'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],' +
	'PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",10000000.0],PARAMETER["Central_Meridian",-69.0],' +
	'PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
