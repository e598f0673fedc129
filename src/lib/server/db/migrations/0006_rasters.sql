-- yaku schema 6: stored reference rasters (issue 6, GeoTIFF orthophotos and DEMs saved from the import wizard).
-- The web-ready image (PNG or WebP, ≤ 4096 px a side) lives in <dataDir>/rasters/<id>.<png|webp>; this row
-- holds where it goes on the map (4 WGS84 corners, MapLibre image-source order ul, ur, lr, ll) and provenance.
-- Never edit once applied: add 0007_*.sql.

CREATE TABLE rasters (
	-- random id ('r' + 16 hex): never reused, so an image URL's cache stays valid
	id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	kind TEXT NOT NULL CHECK (kind IN ('rgb', 'dem')),
	mime TEXT NOT NULL CHECK (mime IN ('image/png', 'image/webp')),
	width INTEGER NOT NULL CHECK (width BETWEEN 1 AND 4096),
	height INTEGER NOT NULL CHECK (height BETWEEN 1 AND 4096),
	bytes INTEGER NOT NULL CHECK (bytes > 0),
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
	-- [[lon, lat] × 4] and [minLon, minLat, maxLon, maxLat]
	corners TEXT NOT NULL CHECK (json_valid(corners) AND json_array_length(corners) = 4),
	bbox TEXT NOT NULL CHECK (json_valid(bbox) AND json_array_length(bbox) = 4),
	source_file TEXT NOT NULL CHECK (length(source_file) BETWEEN 1 AND 255),
	source_crs TEXT,
	-- source size, resolution, value range, downsampling, georeferencing error, provenance, warnings
	metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
	created_by INTEGER REFERENCES users (id),
	created_by_username TEXT,
	created_at TEXT NOT NULL
);
CREATE INDEX rasters_created ON rasters (created_at);
