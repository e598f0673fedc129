#!/usr/bin/env bash
# Reference slope and hillshade from GDAL's gdaldem for one DEM (issue 8, "Correctness"):
#
#   bash scripts/reference/gdaldem-terrain.sh <dem.tif> <out-dir>
#
# Runs (Horn 1981 gradient, edges left as nodata; defaults = azimuth 315°, altitude 45°, z factor 1):
#
#   gdaldem slope -q <dem.tif> <out-dir>/slope.tif            (degrees, Float32, nodata -9999)
#   gdaldem hillshade -q <dem.tif> <out-dir>/hillshade.tif    (Byte 1..255, 0 = nodata)
#
# The DEM must be in metres (UTM): for a geographic DEM gdaldem needs one `-s` scale for the whole grid while yaku
# uses the metric cell size of each row, so they are not comparable cell by cell. The commands run are written to
# <out-dir>/commands.txt with the GDAL version. Exit 3 when gdaldem is missing.
set -euo pipefail
dem="${1:?Uso / usage: $0 <dem.tif> <carpeta-salida>}"
out="${2:?Uso / usage: $0 <dem.tif> <carpeta-salida>}"
command -v gdaldem >/dev/null 2>&1 || {
	echo "gdaldem no está instalado (apt-get install gdal-bin)" >&2
	exit 3
}
mkdir -p "$out"
log="$out/commands.txt"
gdalinfo --version >"$log"
run() {
	echo "$*" >>"$log"
	"$@"
}
run gdaldem slope -q "$dem" "$out/slope.tif"
run gdaldem hillshade -q "$dem" "$out/hillshade.tif"
