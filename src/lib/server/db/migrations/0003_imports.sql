-- yaku schema 3: import records (issue 6). One row per import: a generic imported reference layer
-- (`import-<slug>`, features in `features`), a known reference layer written to <dataDir>/layers
-- (target 'reference'), or a batch of interventions (target 'interventions').
-- Never edit once applied: add 0004_*.sql.

CREATE TABLE imports (
	id INTEGER PRIMARY KEY,
	target TEXT NOT NULL CHECK (target IN ('layer', 'reference', 'interventions')),
	-- features.layer for 'layer' and 'interventions'; the layer kind for 'reference'
	layer TEXT NOT NULL CHECK (length(layer) BETWEEN 1 AND 64),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	source_file TEXT NOT NULL CHECK (length(source_file) BETWEEN 1 AND 255),
	source_format TEXT,
	-- CRS the file was read from (EPSG id or 'PRJ:<name>'), as confirmed in the wizard
	source_crs TEXT,
	geometry_type TEXT CHECK (geometry_type IS NULL OR geometry_type IN ('point', 'line', 'polygon', 'mixed')),
	feature_count INTEGER NOT NULL CHECK (feature_count >= 0),
	skipped_count INTEGER NOT NULL DEFAULT 0 CHECK (skipped_count >= 0),
	bbox TEXT CHECK (bbox IS NULL OR json_valid(bbox)),
	-- provenance declared in the wizard (source, producer, licence, date, notes) + warnings kept
	provenance TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(provenance) AND json_type(provenance) = 'object'),
	-- ids of the features written by this import (targets 'layer' and 'interventions')
	feature_ids TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(feature_ids)),
	created_by INTEGER REFERENCES users (id),
	created_by_username TEXT,
	created_at TEXT NOT NULL
);
-- One generic imported layer per id.
CREATE UNIQUE INDEX imports_layer_unique ON imports (layer) WHERE target = 'layer';
CREATE INDEX imports_created ON imports (created_at);
