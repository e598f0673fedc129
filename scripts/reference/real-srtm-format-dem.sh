#!/usr/bin/env bash
# Builds, with GDAL only, the "DEM built by GDAL from real SRTM-format data" used by the GRASS comparison
# (tests/unit/raster/hydrology-grass.test.ts, docs/terrain.md "Correctness"):
#
#   bash scripts/reference/real-srtm-format-dem.sh <out-dir> [<source.tif>]
#
# No real SRTM tile of the area is available (../shared/data/SOURCES.md). The only real SRTM tile in the peer corpus
# (rasterio's N10W110.hgt.zip, Clipperton) is open sea at 0 m with a 9 m islet: useless for hydrology. So the source is
# a REAL elevation raster from the peer corpus — `storml_elev.tif` (gdalraster's LANDFIRE 30 m DEM of the Storm Lake
# area, Montana, EPSG:26912, 143×107 cells, 2438–3046 m) — never copied into the repository. It is turned into an
# SRTM 1" tile and back into a metric grid with these commands:
#
#   gdalwarp -t_srs EPSG:4326 -te -114.000138889 45.999861111 -112.999861111 47.000138889 -ts 3601 3601 \
#            -r bilinear -dstnodata -32768 -ot Int16 <source.tif> <out>/N46W114_warp.tif
#   gdal_translate -of SRTMHGT <out>/N46W114_warp.tif <out>/N46W114.hgt        (SRTM 1" .hgt, Int16, nodata -32768)
#   gdalwarp -t_srs EPSG:32612 -tr 30 30 -te 323700 5102000 327500 5104900 -r bilinear \
#            -srcnodata -32768 -dstnodata -9999 -ot Float32 <out>/N46W114.hgt <out>/N46W114_utm.tif  (127×97, no nodata)
#
# (NAD83 → WGS84 is taken as identity: ≈ 1 m here.) Outputs: N46W114.hgt (geographic) and N46W114_utm.tif (UTM 12N).
# Exit 3 when the source or GDAL is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:?Uso / usage: $0 <carpeta-salida> [<fuente.tif>]}"
src="${2:-../shared/peer-corpus/files/USDAForestService+gdalraster/inst/extdata/storml_elev.tif}"
if [ ! -f "$src" ]; then
	echo "No se encuentra el DEM real de origen: $src" >&2
	exit 3
fi
command -v gdalwarp >/dev/null 2>&1 && command -v gdal_translate >/dev/null 2>&1 || {
	echo "GDAL no está instalado (apt-get install gdal-bin)" >&2
	exit 3
}
mkdir -p "$out"
gdalwarp -q -overwrite -t_srs EPSG:4326 -te -114.000138889 45.999861111 -112.999861111 47.000138889 -ts 3601 3601 \
	-r bilinear -dstnodata -32768 -ot Int16 "$src" "$out/N46W114_warp.tif"
gdal_translate -q -of SRTMHGT "$out/N46W114_warp.tif" "$out/N46W114.hgt"
rm -f "$out/N46W114_warp.tif"
gdalwarp -q -overwrite -t_srs EPSG:32612 -tr 30 30 -te 323700 5102000 327500 5104900 -r bilinear \
	-srcnodata -32768 -dstnodata -9999 -ot Float32 "$out/N46W114.hgt" "$out/N46W114_utm.tif"
