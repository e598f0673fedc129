/** Blues are for water only (cartography.md). */
export const WATER = {
	lake: '#3b8fd4',
	lakeOutline: '#0b4f8a',
	stream: '#1f78c8',
	spring: '#0b4f8a',
	springRing: '#9fd0f5'
} as const;
