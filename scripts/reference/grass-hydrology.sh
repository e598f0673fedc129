#!/usr/bin/env bash
# Reference hydrology from GRASS GIS (Debian `grass-core`, 8.2) for one DEM and one pour point (issue 8, "Correctness").
#
#   bash scripts/reference/grass-hydrology.sh <dem.tif|dem.hgt> <out-dir> <threshold-cells> [<x> <y>]...
#
# Each pour point <x> <y> is in the DEM's own CRS (metres for UTM, lon lat for geographic DEMs) and should be the
# centre of the outlet cell (no snapping here); point k gives basin_k.tif and basin_k.txt (k = 1, 2, …). The script starts GRASS non-interactively in a throwaway location made
# from the DEM's own georeferencing (`grass --tmp-location <dem> --exec …`, no network, removed on exit) and runs:
#
#   r.in.gdal input=<dem> output=dem
#   g.region raster=dem && g.region zoom=dem   (shrinks to the cells with data, e.g. inside an SRTM tile)
#   r.watershed -s elevation=dem threshold=<threshold-cells> accumulation=acc drainage=dir stream=streams
#   r.water.outlet input=dir output=basin_k coordinates=<x>,<y>                      (each pour point k)
#   r.out.gdal -c -f input=<acc|dir|streams|basin_k> output=<out-dir>/<name>.tif format=GTiff type=<Float64|Int16|Int32>
#   r.stats -a -c -n input=basin_k   (→ basin_k.txt: "1 <area m²> <cells>", area on the ellipsoid for lon/lat)
#
# `-s` = single flow direction (D8); without it r.watershed uses multiple flow direction (MFD) and its accumulation
# is not comparable with a D8 one. r.watershed routes flow through depressions with its A* least-cost search (no
# separate fill). GRASS writes negative accumulation/drainage where flow may come from / leave across the edge or
# nodata; compare absolute values. Outputs in <out-dir>: acc.tif (cells incl. itself, Float64), dir.tif (GRASS codes
# 1..8 counter-clockwise from NE, negative = leaves the region, Int16), streams.tif (stream id, nodata elsewhere,
# Int32), basin_k.tif (1 in the basin, nodata elsewhere), basin_k.txt, commands.txt (the exact commands and the
# GRASS version). Exit 3 when GRASS is missing.
set -euo pipefail

if [ -z "${GISBASE:-}" ]; then
	if [ $# -lt 3 ] || [ $(($# % 2)) -ne 1 ]; then
		echo "Uso / usage: $0 <dem.tif|dem.hgt> <carpeta-salida> <umbral-celdas> [<x> <y>]..." >&2
		exit 2
	fi
	command -v grass >/dev/null 2>&1 || {
		echo "GRASS no está instalado (apt-get install --no-install-recommends grass-core)" >&2
		exit 3
	}
	dem="$(readlink -f "$1")"
	mkdir -p "$2"
	out="$(readlink -f "$2")"
	# the temporary location takes the DEM's CRS; GRASS removes it when --exec returns
	exec grass --tmp-location "$dem" --exec bash "$(readlink -f "$0")" "$dem" "$out" "${@:3}"
fi

# ---- inside the GRASS session ----
dem="$1"
out="$2"
threshold="$3"
shift 3
log="$out/commands.txt"
: >"$log"
run() {
	echo "$*" >>"$log"
	"$@"
}
export GRASS_VERBOSE=0
g.version >>"$log"
run r.in.gdal input="$dem" output=dem --overwrite
run g.region raster=dem
run g.region zoom=dem
run r.watershed -s elevation=dem threshold="$threshold" accumulation=acc drainage=dir stream=streams --overwrite
run r.out.gdal -c -f input=acc output="$out/acc.tif" format=GTiff type=Float64 --overwrite
run r.out.gdal -c -f input=dir output="$out/dir.tif" format=GTiff type=Int16 --overwrite
run r.out.gdal -c -f input=streams output="$out/streams.tif" format=GTiff type=Int32 nodata=0 --overwrite
k=0
while [ $# -ge 2 ]; do
	k=$((k + 1))
	run r.water.outlet input=dir output="basin_$k" coordinates="$1,$2" --overwrite
	run r.out.gdal -c -f input="basin_$k" output="$out/basin_$k.tif" format=GTiff type=Int16 nodata=0 --overwrite
	echo "r.stats -a -c -n input=basin_$k separator=space > $out/basin_$k.txt" >>"$log"
	r.stats -a -c -n input="basin_$k" separator=space >"$out/basin_$k.txt"
	shift 2
done
