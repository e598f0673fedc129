/** Scale bar for a web-mercator view (512 px tiles): a round distance that fits in `maxPx`. */
export function scaleBar(
	lat: number,
	zoom: number,
	maxPx: number
): { px: number; metres: number; label: string } {
	const mPerPx = (40075016.686 * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** zoom);
	const maxM = mPerPx * maxPx;
	const pow = 10 ** Math.floor(Math.log10(maxM));
	const step = [5, 2, 1].map((k) => k * pow).find((d) => d <= maxM) ?? pow;
	const px = step / mPerPx;
	const label = step >= 1000 ? `${step / 1000} km` : `${step} m`;
	return { px, metres: step, label };
}
