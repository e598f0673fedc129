/**
 * Encoding of flowRouting's expansion order (`FlowRouting.order`), read by flowAccumulation's one-pass
 * accumulation: one Int32 per expanded cell = cell index (bits 0..25) | its packed D8 direction (bits 26..29,
 * log2(code) + 1, 0 = drains out) | EDGE (bit 30: grid border or next to nodata). Carrying the direction in the
 * order saves the accumulation a random read of `dir` per cell.
 */
export const ORDER_INDEX_BITS = 26;
/** Largest grid (cells) whose order can be encoded: 67 M (DEMs are downsampled to 25 M cells at load). */
export const ORDER_MAX_CELLS = 1 << ORDER_INDEX_BITS;
export const ORDER_INDEX = ORDER_MAX_CELLS - 1;
export const ORDER_EDGE = 1 << 30;

/** Index offsets of the packed direction fields 1..8 (D8 codes 1 E, 2 SE, 4 S, 8 SW, 16 W, 32 NW, 64 N, 128 NE). */
export function orderOffsets(width: number): Int32Array {
	return Int32Array.from([0, 1, width + 1, width, width - 1, -1, -width - 1, -width, -width + 1]);
}
