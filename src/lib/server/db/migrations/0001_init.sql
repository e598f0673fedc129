-- yaku schema 1: users, sessions, append-only audit log, generic editable features per layer.
-- Applied once, inside a transaction, by src/lib/server/db/migrate.ts. Never edit an applied migration:
-- add 0002_*.sql instead (the runner refuses a database whose recorded checksum differs).

CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	username TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(username) BETWEEN 3 AND 64),
	display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
	role TEXT NOT NULL CHECK (role IN ('comite', 'revisor', 'admin')),
	password_hash TEXT NOT NULL,
	disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	password_changed_at TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
);

-- Session tokens are never stored: only their SHA-256.
CREATE TABLE sessions (
	id_hash TEXT PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at TEXT NOT NULL,
	last_seen_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	absolute_expires_at TEXT NOT NULL,
	ip TEXT,
	user_agent TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Editable features, one generic table for every editable layer.
CREATE TABLE features (
	id INTEGER PRIMARY KEY,
	layer TEXT NOT NULL CHECK (length(layer) BETWEEN 1 AND 64),
	geometry TEXT NOT NULL CHECK (json_valid(geometry)),
	geometry_type TEXT NOT NULL
		CHECK (geometry_type IN ('Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon')),
	min_x REAL NOT NULL,
	min_y REAL NOT NULL,
	max_x REAL NOT NULL,
	max_y REAL NOT NULL,
	properties TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(properties) AND json_type(properties) = 'object'),
	status TEXT NOT NULL DEFAULT 'borrador' CHECK (status IN ('borrador', 'publicado')),
	version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
	created_by INTEGER REFERENCES users (id),
	updated_by INTEGER REFERENCES users (id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK (min_x <= max_x AND min_y <= max_y)
);
CREATE INDEX features_layer_status ON features (layer, status, id);

-- Spatial index on the bounding boxes, kept in step by triggers.
CREATE VIRTUAL TABLE features_rtree USING rtree (id, min_x, max_x, min_y, max_y);
CREATE TRIGGER features_rtree_insert AFTER INSERT ON features BEGIN
	INSERT INTO features_rtree (id, min_x, max_x, min_y, max_y) VALUES (new.id, new.min_x, new.max_x, new.min_y, new.max_y);
END;
CREATE TRIGGER features_rtree_update AFTER UPDATE OF min_x, min_y, max_x, max_y ON features BEGIN
	UPDATE features_rtree SET min_x = new.min_x, max_x = new.max_x, min_y = new.min_y, max_y = new.max_y WHERE id = new.id;
END;
CREATE TRIGGER features_rtree_delete AFTER DELETE ON features BEGIN
	DELETE FROM features_rtree WHERE id = old.id;
END;

-- Append-only audit log. Every mutation writes one row in the same transaction.
-- prev_hash/hash chain the rows (SHA-256) so that tampering outside the app is detectable.
CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	at TEXT NOT NULL,
	actor_id INTEGER REFERENCES users (id),
	actor_username TEXT,
	actor_role TEXT NOT NULL,
	action TEXT NOT NULL,
	entity_type TEXT NOT NULL,
	entity_id TEXT,
	layer TEXT,
	before_json TEXT CHECK (before_json IS NULL OR json_valid(before_json)),
	after_json TEXT CHECK (after_json IS NULL OR json_valid(after_json)),
	ip TEXT,
	request_id TEXT,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_entity ON audit_log (entity_type, entity_id, id);
CREATE INDEX audit_actor ON audit_log (actor_id, id);
CREATE INDEX audit_action ON audit_log (action, id);
CREATE INDEX audit_at ON audit_log (at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
	SELECT RAISE(ABORT, 'audit_log es solo de anexado (append-only): UPDATE prohibido');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
	SELECT RAISE(ABORT, 'audit_log es solo de anexado (append-only): DELETE prohibido');
END;
