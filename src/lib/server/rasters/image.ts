/**
 * Content sniff of a stored raster image: PNG (signature, IHDR, every chunk's length and CRC, IEND last)
 * or WebP (RIFF size, VP8/VP8L/VP8X dimensions). Never trusts the declared type or size. Server-only.
 */
import { crc32 } from 'node:zlib';
import { ApiError } from '../http/errors';
import type { RasterMime } from './types';

export const MAX_SIDE_PX = 4096;

export interface SniffedImage {
	mime: RasterMime;
	width: number;
	height: number;
}

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const bad = (detail: string) =>
	new ApiError(422, 'RASTER_IMAGE_INVALID', `La imagen ráster no es un PNG o WebP válido (${detail}).`);

export function looksLikeImage(head: Uint8Array): RasterMime | null {
	if (head.length >= 8 && PNG_SIG.every((b, i) => head[i] === b)) return 'image/png';
	if (
		head.length >= 12 &&
		String.fromCharCode(...head.subarray(0, 4)) === 'RIFF' &&
		String.fromCharCode(...head.subarray(8, 12)) === 'WEBP'
	)
		return 'image/webp';
	return null;
}

function sniffPng(b: Uint8Array): SniffedImage {
	const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
	let p = 8;
	let width = 0;
	let height = 0;
	let first = true;
	let sawData = false;
	for (;;) {
		if (p + 12 > b.length) throw bad('falta el bloque IEND');
		const len = dv.getUint32(p);
		const type = String.fromCharCode(...b.subarray(p + 4, p + 8));
		if (len > b.length - p - 12) throw bad(`bloque ${JSON.stringify(type)} truncado`);
		const crc = dv.getUint32(p + 8 + len);
		if (crc32(b.subarray(p + 4, p + 8 + len)) >>> 0 !== crc)
			throw bad(`CRC incorrecto en ${JSON.stringify(type)}`);
		if (first) {
			if (type !== 'IHDR' || len !== 13) throw bad('el primer bloque no es IHDR');
			width = dv.getUint32(p + 8);
			height = dv.getUint32(p + 12);
			first = false;
		}
		if (type === 'IDAT') sawData = true;
		p += 12 + len;
		if (type === 'IEND') break;
	}
	if (!sawData) throw bad('sin datos de imagen');
	return { mime: 'image/png', width, height };
}

function sniffWebp(b: Uint8Array): SniffedImage {
	const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
	if (b.length < 30) throw bad('WebP demasiado corto');
	if (dv.getUint32(4, true) + 8 !== b.length) throw bad('tamaño RIFF distinto del archivo');
	const chunk = String.fromCharCode(...b.subarray(12, 16));
	let width: number;
	let height: number;
	if (chunk === 'VP8 ') {
		if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) throw bad('cabecera VP8 incorrecta');
		width = dv.getUint16(26, true) & 0x3fff;
		height = dv.getUint16(28, true) & 0x3fff;
	} else if (chunk === 'VP8L') {
		if (b[20] !== 0x2f) throw bad('cabecera VP8L incorrecta');
		const bits = dv.getUint32(21, true);
		width = (bits & 0x3fff) + 1;
		height = ((bits >> 14) & 0x3fff) + 1;
	} else if (chunk === 'VP8X') {
		width = 1 + (b[24]! | (b[25]! << 8) | (b[26]! << 16));
		height = 1 + (b[27]! | (b[28]! << 8) | (b[29]! << 16));
	} else throw bad(`bloque WebP desconocido ${JSON.stringify(chunk)}`);
	return { mime: 'image/webp', width, height };
}

/** Throws 422 RASTER_IMAGE_INVALID (not an image, corrupt) or 422 RASTER_IMAGE_TOO_BIG (a side > 4096 px). */
export function sniffImage(b: Uint8Array): SniffedImage {
	const mime = looksLikeImage(b);
	if (!mime) throw bad('no empieza como PNG ni WebP');
	const img = mime === 'image/png' ? sniffPng(b) : sniffWebp(b);
	if (img.width < 1 || img.height < 1) throw bad('dimensiones nulas');
	if (img.width > MAX_SIDE_PX || img.height > MAX_SIDE_PX)
		throw new ApiError(
			422,
			'RASTER_IMAGE_TOO_BIG',
			`La imagen mide ${img.width} × ${img.height} px; el máximo es ${MAX_SIDE_PX} px por lado (redúzcala).`,
			{ width: img.width, height: img.height, maxSidePx: MAX_SIDE_PX }
		);
	return img;
}
