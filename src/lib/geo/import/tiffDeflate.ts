/**
 * A faster DEFLATE decoder for geotiff.js (which bundles pako): the platform's native zlib through
 * DecompressionStream('deflate') — in browsers, workers and Node — with fflate as the fallback and for
 * small blocks (where a stream's set-up costs more than it saves). Every block's output is capped at
 * twice its expected size (tile or strip × bytes per pixel), so a tile that inflates without end stops
 * there. Registered once for compression 8 and 32946 with geotiff's addDecoder().
 */
import { addDecoder, BaseDecoder } from 'geotiff';
import { unzlibSync } from 'fflate';

interface Params {
	tileWidth: number;
	tileHeight: number;
	bitsPerSample: number | ArrayLike<number>;
	planarConfiguration: number;
	samplesPerPixel?: number;
}

/** Blocks smaller than this (compressed) are inflated with fflate in-thread. */
const NATIVE_MIN_BYTES = 32 * 1024;

function expectedBytes(p: Params): number {
	const bits =
		typeof p.bitsPerSample === 'number'
			? p.bitsPerSample * (p.planarConfiguration === 2 ? 1 : (p.samplesPerPixel ?? 1))
			: p.planarConfiguration === 2
				? Number(p.bitsPerSample[0] ?? 8)
				: Array.from(p.bitsPerSample).reduce((a, b) => a + Number(b), 0);
	return Math.ceil((p.tileWidth * p.tileHeight * bits) / 8);
}

let nativeOk: boolean | null = null;
function native(): boolean {
	if (nativeOk === null) {
		try {
			nativeOk = typeof DecompressionStream === 'function' && !!new DecompressionStream('deflate');
		} catch {
			nativeOk = false;
		}
	}
	return nativeOk;
}

async function inflateNative(data: Uint8Array, expected: number, cap: number): Promise<ArrayBuffer> {
	const ds = new DecompressionStream('deflate');
	const writer = ds.writable.getWriter();
	const reader = ds.readable.getReader();
	const writing = writer
		.write(data as Uint8Array<ArrayBuffer>)
		.then(() => writer.close())
		.catch(() => undefined);
	// chunks go straight into a buffer of the expected size (grown only for an odd block)
	let out = new Uint8Array(Math.max(1, expected));
	let n = 0;
	for (;;) {
		const r = await reader.read();
		if (r.done) break;
		const c = r.value;
		if (n + c.length > cap) {
			void reader.cancel().catch(() => undefined);
			throw new Error(`bloque DEFLATE mayor que ${cap} bytes`);
		}
		if (n + c.length > out.length) {
			const grown = new Uint8Array(Math.min(cap, Math.max(2 * out.length, n + c.length)));
			grown.set(out.subarray(0, n));
			out = grown;
		}
		out.set(c, n);
		n += c.length;
	}
	await writing;
	return n === out.length ? out.buffer : out.slice(0, n).buffer;
}

class FastDeflateDecoder extends BaseDecoder {
	override async decodeBlock(buffer: ArrayBufferLike): Promise<ArrayBufferLike> {
		const data = new Uint8Array(buffer);
		const expected = expectedBytes(this.parameters as unknown as Params);
		const cap = Math.max(64 * 1024, 2 * expected);
		if (data.length >= NATIVE_MIN_BYTES && native()) return inflateNative(data, expected, cap);
		const out = unzlibSync(data, { out: new Uint8Array(cap) });
		return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength);
	}
}

let registered = false;
/** Make geotiff.js use FastDeflateDecoder for DEFLATE (8) and old-style Adobe DEFLATE (32946). */
export function registerFastDeflate(): void {
	if (registered) return;
	registered = true;
	addDecoder([8, 32946], async () => FastDeflateDecoder as unknown as typeof BaseDecoder, undefined, false);
}
