-- yaku schema 4 (issue 7): MRSE project registry details, review of executed works, comments, evidence.
-- Never edit once applied: add the next number.

-- Projects: goals per intervention type ({"forestacion": {"areaHa": 10}}) and disbursements
-- ([{"date": "2024-03-01", "amountSoles": 1000, "note": "…"}]), versioned with the project row.
ALTER TABLE projects ADD COLUMN goals TEXT NOT NULL DEFAULT '{}'
	CHECK (json_valid(goals) AND json_type(goals) = 'object');
ALTER TABLE projects ADD COLUMN disbursements TEXT NOT NULL DEFAULT '[]'
	CHECK (json_valid(disbursements) AND json_type(disbursements) = 'array');

-- Files attached to a project (PDF/JPEG/PNG), stored under $YAKU_DATA_DIR/uploads/documents/<id>.
CREATE TABLE project_documents (
	id INTEGER PRIMARY KEY,
	project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	filename TEXT NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
	mime TEXT NOT NULL CHECK (mime IN ('application/pdf', 'image/jpeg', 'image/png')),
	size INTEGER NOT NULL CHECK (size > 0),
	sha256 TEXT NOT NULL,
	title TEXT,
	uploaded_by INTEGER REFERENCES users (id),
	created_at TEXT NOT NULL
);
CREATE INDEX project_documents_project ON project_documents (project_id, id);

-- Review of an executed work (one row per intervention feature). The feature's generic status follows it:
-- aprobado ⇒ publicado, every other state ⇒ borrador (docs/decisions/080-review-workflow.md).
CREATE TABLE reviews (
	feature_id INTEGER PRIMARY KEY REFERENCES features (id) ON DELETE CASCADE,
	state TEXT NOT NULL DEFAULT 'borrador'
		CHECK (state IN ('borrador', 'enviado', 'observado', 'subsanado', 'aprobado', 'rechazado')),
	version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
	submitted_by INTEGER REFERENCES users (id),
	submitted_at TEXT,
	-- Snapshot taken on submit: the last stored version whose properties.state was 'planificada'.
	planned_geometry TEXT CHECK (planned_geometry IS NULL OR json_valid(planned_geometry)),
	planned_properties TEXT CHECK (planned_properties IS NULL OR json_valid(planned_properties)),
	planned_version INTEGER,
	submitted_feature_version INTEGER,
	-- Snapshot of what was approved (geometry, properties); the public page shows this, not later edits.
	approved_snapshot TEXT CHECK (approved_snapshot IS NULL OR json_valid(approved_snapshot)),
	approved_feature_version INTEGER,
	approved_by INTEGER REFERENCES users (id),
	approved_at TEXT,
	updated_by INTEGER REFERENCES users (id),
	updated_at TEXT NOT NULL
);
CREATE INDEX reviews_state ON reviews (state, updated_at);

-- The review thread: comments (optionally pinned to a map point) and one entry per transition.
CREATE TABLE review_comments (
	id INTEGER PRIMARY KEY,
	feature_id INTEGER NOT NULL REFERENCES features (id) ON DELETE CASCADE,
	kind TEXT NOT NULL DEFAULT 'comment' CHECK (kind IN ('comment', 'transition')),
	action TEXT,
	from_state TEXT,
	to_state TEXT,
	text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
	lon REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180),
	lat REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),
	author_id INTEGER REFERENCES users (id),
	author_username TEXT,
	author_role TEXT,
	created_at TEXT NOT NULL
);
CREATE INDEX review_comments_feature ON review_comments (feature_id, id);

-- Evidence photos of a work, stored under $YAKU_DATA_DIR/uploads/evidence/<id>(.thumb).
CREATE TABLE evidence (
	id INTEGER PRIMARY KEY,
	feature_id INTEGER NOT NULL REFERENCES features (id) ON DELETE CASCADE,
	filename TEXT NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
	mime TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png')),
	size INTEGER NOT NULL CHECK (size > 0),
	sha256 TEXT NOT NULL,
	width INTEGER,
	height INTEGER,
	has_thumb INTEGER NOT NULL DEFAULT 0 CHECK (has_thumb IN (0, 1)),
	caption TEXT,
	lon REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180),
	lat REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),
	location_source TEXT CHECK (location_source IS NULL OR location_source IN ('exif', 'exif-browser', 'manual')),
	taken_at TEXT,
	-- 1 = the photo's location may be shown publicly (default: hidden from the public).
	location_public INTEGER NOT NULL DEFAULT 0 CHECK (location_public IN (0, 1)),
	uploaded_by INTEGER REFERENCES users (id),
	created_at TEXT NOT NULL
);
CREATE INDEX evidence_feature ON evidence (feature_id, id);
