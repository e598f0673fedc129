-- yaku schema 6 (PostgreSQL translation of ../../migrations/0006_rasters.sql). Never edit once applied.
-- JSON documents stay TEXT (validated as JSON) so copies are byte-identical.

CREATE TABLE rasters (
	id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	kind TEXT NOT NULL CHECK (kind IN ('rgb', 'dem')),
	mime TEXT NOT NULL CHECK (mime IN ('image/png', 'image/webp')),
	width INTEGER NOT NULL CHECK (width BETWEEN 1 AND 4096),
	height INTEGER NOT NULL CHECK (height BETWEEN 1 AND 4096),
	bytes INTEGER NOT NULL CHECK (bytes > 0),
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
	corners TEXT NOT NULL CHECK (jsonb_array_length(corners::jsonb) = 4),
	bbox TEXT NOT NULL CHECK (jsonb_array_length(bbox::jsonb) = 4),
	source_file TEXT NOT NULL CHECK (length(source_file) BETWEEN 1 AND 255),
	source_crs TEXT,
	metadata TEXT NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata::jsonb) = 'object'),
	created_by BIGINT REFERENCES users (id),
	created_by_username TEXT,
	created_at TEXT NOT NULL
);
CREATE INDEX rasters_created ON rasters (created_at);
