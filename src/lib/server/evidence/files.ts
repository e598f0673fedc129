/**
 * Uploaded files of issue 7 (evidence photos, project documents): content sniffing, image size from the
 * header, metadata stripping for the public, EXIF GPS with exifr, durable storage under the data directory.
 * Pure TypeScript + exifr (no native image library).
 */
import { createHash } from 'node:crypto';
import {
	closeSync,
	existsSync,
	fsyncSync,
	mkdirSync,
	openSync,
	readFileSync,
	renameSync,
	rmSync,
	writeSync
} from 'node:fs';
import { join } from 'node:path';
import exifr from 'exifr';
import { dbConfig } from '../db/connection';
import { maxBodyBytes } from '../http/body';

export type ImageMime = 'image/jpeg' | 'image/png';
export type DocumentMime = ImageMime | 'application/pdf';

/** Largest accepted file: the request body cap minus room for the multipart envelope and the thumbnail. */
export function maxUploadBytes(env: Record<string, string | undefined> = process.env): number {
	return Math.max(64 * 1024, maxBodyBytes(env) - 48 * 1024);
}
export const MAX_THUMB_BYTES = 64 * 1024;
export const MAX_IMAGE_SIDE_PX = 12_000;

/** The real type from the first bytes (the declared Content-Type and file name are not trusted). */
export function sniff(b: Uint8Array): DocumentMime | null {
	if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
	const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
	if (b.length >= 8 && png.every((v, i) => b[i] === v)) return 'image/png';
	if (b.length >= 5 && String.fromCharCode(...b.subarray(0, 5)) === '%PDF-') return 'application/pdf';
	return null;
}

/** Width and height from the PNG IHDR or the JPEG SOFn segment; null when the header is broken. */
export function imageSize(b: Uint8Array, mime: ImageMime): { width: number; height: number } | null {
	const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
	if (mime === 'image/png') {
		if (b.length < 24 || String.fromCharCode(...b.subarray(12, 16)) !== 'IHDR') return null;
		return { width: dv.getUint32(16), height: dv.getUint32(20) };
	}
	let i = 2;
	while (i + 4 <= b.length) {
		if (b[i] !== 0xff) return null;
		const m = b[i + 1]!;
		if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7)) {
			i += 2;
			continue;
		}
		const len = dv.getUint16(i + 2);
		if (len < 2) return null;
		const isSof = m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
		if (isSof) {
			if (i + 9 > b.length) return null;
			return { height: dv.getUint16(i + 5), width: dv.getUint16(i + 7) };
		}
		if (m === 0xda) return null;
		i += 2 + len;
	}
	return null;
}

/**
 * A copy without metadata: JPEG without APP1–APP15 (EXIF/XMP/GPS, IPTC…) and comments; PNG without
 * eXIf/tEXt/iTXt/zTXt/tIME chunks. Pixels are untouched. Returns null when the structure is unreadable.
 */
export function stripMetadata(b: Uint8Array, mime: ImageMime): Uint8Array | null {
	const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
	const out: Uint8Array[] = [];
	if (mime === 'image/png') {
		out.push(b.subarray(0, 8));
		let i = 8;
		while (i + 12 <= b.length) {
			const len = dv.getUint32(i);
			const type = String.fromCharCode(...b.subarray(i + 4, i + 8));
			const end = i + 12 + len;
			if (end > b.length) return null;
			if (!['eXIf', 'tEXt', 'iTXt', 'zTXt', 'tIME'].includes(type)) out.push(b.subarray(i, end));
			i = end;
			if (type === 'IEND') break;
		}
		return Buffer.concat(out);
	}
	out.push(b.subarray(0, 2));
	let i = 2;
	while (i + 4 <= b.length) {
		if (b[i] !== 0xff) return null;
		const m = b[i + 1]!;
		if (m === 0xff) {
			i += 1;
			continue;
		}
		if (m === 0xda) {
			out.push(b.subarray(i)); // start of scan: the rest is image data
			return Buffer.concat(out);
		}
		const len = dv.getUint16(i + 2);
		const end = i + 2 + len;
		if (len < 2 || end > b.length) return null;
		const drop = (m >= 0xe1 && m <= 0xef) || m === 0xfe;
		if (!drop) out.push(b.subarray(i, end));
		i = end;
	}
	return null;
}

/** GPS position and capture time from EXIF (exifr); nulls when absent or unreadable. */
export async function readExif(
	b: Uint8Array
): Promise<{ lon: number | null; lat: number | null; takenAt: string | null }> {
	try {
		const out = (await exifr.parse(Buffer.from(b), {
			gps: true,
			tiff: true,
			exif: true,
			pick: [
				'DateTimeOriginal',
				'latitude',
				'longitude',
				'GPSLatitude',
				'GPSLongitude',
				'GPSLatitudeRef',
				'GPSLongitudeRef'
			]
		})) as { latitude?: number; longitude?: number; DateTimeOriginal?: Date } | undefined;
		const lat = typeof out?.latitude === 'number' && Number.isFinite(out.latitude) ? out.latitude : null;
		const lon = typeof out?.longitude === 'number' && Number.isFinite(out.longitude) ? out.longitude : null;
		const d = out?.DateTimeOriginal;
		const takenAt = d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
		return lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180
			? { lon, lat, takenAt }
			: { lon: null, lat: null, takenAt };
	} catch {
		return { lon: null, lat: null, takenAt: null };
	}
}

export function sha256(b: Uint8Array): string {
	return createHash('sha256').update(b).digest('hex');
}

export function uploadsDir(
	kind: 'evidence' | 'documents',
	env: Record<string, string | undefined> = process.env
): string {
	const dir = join(dbConfig(env).dataDir, 'uploads', kind);
	mkdirSync(dir, { recursive: true });
	return dir;
}

/** Write to a temp name, fsync, rename: a crash never leaves a half file under the final name. */
export function writeFileDurable(path: string, data: Uint8Array): void {
	const tmp = `${path}.tmp-${process.pid}`;
	const fd = openSync(tmp, 'w', 0o640);
	try {
		writeSync(fd, data);
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
	renameSync(tmp, path);
}

export function readStored(path: string): Buffer | null {
	return existsSync(path) ? readFileSync(path) : null;
}

export function removeStored(...paths: string[]): void {
	for (const p of paths) rmSync(p, { force: true });
}

/** A safe display file name (no path, no control characters, ≤ 200 chars). */
export function cleanFilename(name: string, fallback: string): string {
	// control characters are exactly what must go
	// eslint-disable-next-line no-control-regex
	const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').trim();
	return (base || fallback).slice(0, 200);
}
