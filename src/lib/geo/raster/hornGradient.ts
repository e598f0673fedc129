/**
 * Horn (1981) 3×3 gradient, the kernel gdaldem uses for slope, aspect and hillshade.
 * Computes one row at a time into reusable buffers: gx = dz/dEast, gy = dz/dNorth (m/m).
 * Missing neighbours (outside the grid or nodata) take the centre cell's value, so edges get a
 * one-sided estimate instead of nodata; gdaldem leaves its edges empty unless -compute_edges.
 */
export function hornRow(
	data: Float32Array,
	width: number,
	height: number,
	r: number,
	dxM: number,
	dyM: number,
	gx: Float32Array,
	gy: Float32Array
): void {
	const inv8dx = 1 / (8 * dxM);
	const inv8dy = 1 / (8 * dyM);
	const up = r > 0 ? (r - 1) * width : -1;
	const mid = r * width;
	const dn = r < height - 1 ? (r + 1) * width : -1;
	const interiorRow = up >= 0 && dn >= 0;
	for (let c = 0; c < width; c++) {
		const e = data[mid + c] as number;
		if (e !== e) {
			gx[c] = NaN;
			gy[c] = NaN;
			continue;
		}
		let a: number, b: number, cc: number, d: number, f: number, g: number, h: number, i: number;
		if (interiorRow && c > 0 && c < width - 1) {
			a = data[up + c - 1] as number;
			b = data[up + c] as number;
			cc = data[up + c + 1] as number;
			d = data[mid + c - 1] as number;
			f = data[mid + c + 1] as number;
			g = data[dn + c - 1] as number;
			h = data[dn + c] as number;
			i = data[dn + c + 1] as number;
			// NaN check on the sum: rare slow path
			const s = a + b + cc + d + f + g + h + i;
			if (s !== s) {
				if (a !== a) a = e;
				if (b !== b) b = e;
				if (cc !== cc) cc = e;
				if (d !== d) d = e;
				if (f !== f) f = e;
				if (g !== g) g = e;
				if (h !== h) h = e;
				if (i !== i) i = e;
			}
		} else {
			const at = (rr: number, col: number): number => {
				if (rr < 0 || col < 0 || col >= width) return e;
				const v = data[rr + col] as number;
				return v === v ? v : e;
			};
			a = at(up, c - 1);
			b = at(up, c);
			cc = at(up, c + 1);
			d = at(mid, c - 1);
			f = at(mid, c + 1);
			g = at(dn, c - 1);
			h = at(dn, c);
			i = at(dn, c + 1);
		}
		gx[c] = (cc + 2 * f + i - (a + 2 * d + g)) * inv8dx;
		gy[c] = (a + 2 * b + cc - (g + 2 * h + i)) * inv8dy;
	}
}

const cellOut = new Float32Array(2);
/**
 * Horn gradient of one cell with hornRow's edge rules (missing neighbours take the centre value);
 * returns a shared 2-element [gx, gy] buffer (NaN for nodata). For the few edge cells of fast loops.
 */
export function hornCell(
	data: Float32Array,
	width: number,
	height: number,
	r: number,
	c: number,
	dxM: number,
	dyM: number
): Float32Array {
	const e = data[r * width + c] as number;
	if (e !== e) {
		cellOut[0] = NaN;
		cellOut[1] = NaN;
		return cellOut;
	}
	const at = (rr: number, cc: number): number => {
		if (rr < 0 || cc < 0 || rr >= height || cc >= width) return e;
		const v = data[rr * width + cc] as number;
		return v === v ? v : e;
	};
	const a = at(r - 1, c - 1);
	const b = at(r - 1, c);
	const cc = at(r - 1, c + 1);
	const d = at(r, c - 1);
	const f = at(r, c + 1);
	const g = at(r + 1, c - 1);
	const h = at(r + 1, c);
	const i = at(r + 1, c + 1);
	cellOut[0] = (cc + 2 * f + i - (a + 2 * d + g)) * (1 / (8 * dxM));
	cellOut[1] = (a + 2 * b + cc - (g + 2 * h + i)) * (1 / (8 * dyM));
	return cellOut;
}
