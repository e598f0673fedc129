/**
 * Terrain for other map pages (assembly mode's tilt): loads the installation's DEM in warm workers and turns on
 * MapLibre 3D terrain from the `yakudem://` raster-dem source. Returns false when there is no DEM.
 */
import type { Map as MlMap } from 'maplibre-gl';
import { TerrainState } from '$lib/state/terrain.svelte';
import { addDem, DEM_SOURCE } from './terrain';

export function demTerrainProvider(exaggeration = 1.5): {
	provider: (map: MlMap) => Promise<boolean>;
	dispose: () => void;
} {
	let state: TerrainState | null = null;
	return {
		async provider(map) {
			state ??= new TerrainState();
			if (state.status !== 'ready') await state.load();
			const rec = state.record;
			const tiles = state.tiles;
			if (state.status !== 'ready' || !rec || !tiles) return false;
			addDem(map, (z, x, y) => tiles.terrainTile(z, x, y, 256), rec.bboxLonLat);
			map.setTerrain({ source: DEM_SOURCE, exaggeration });
			return true;
		},
		dispose() {
			state?.dispose();
		}
	};
}
