-- yaku schema 5: participatory planning (issue 9): stories (saved views presented step by step), assembly
-- sessions (the "acta") and photos of paper maps. Proposals themselves are features (layers `intervenciones`
-- and `asamblea_problemas`) that carry `properties.attrs.sessionId`. Never edit once applied: add the next file.

CREATE TABLE stories (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
	-- {"title":{"es","qu"},"description":{"es","qu"},"steps":[…]} validated by the app (zod).
	body TEXT NOT NULL CHECK (json_valid(body) AND json_type(body) = 'object'),
	version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
	created_by INTEGER REFERENCES users (id),
	updated_by INTEGER REFERENCES users (id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE assembly_sessions (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
	-- YYYY-MM-DD
	date TEXT NOT NULL CHECK (length(date) = 10),
	place TEXT NOT NULL CHECK (length(place) BETWEEN 1 AND 200),
	community TEXT,
	participants INTEGER CHECK (participants IS NULL OR participants BETWEEN 0 AND 100000),
	notes TEXT,
	story_id INTEGER REFERENCES stories (id) ON DELETE SET NULL,
	closed INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
	version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
	created_by INTEGER REFERENCES users (id),
	updated_by INTEGER REFERENCES users (id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE assembly_photos (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	session_id INTEGER NOT NULL REFERENCES assembly_sessions (id) ON DELETE CASCADE,
	mime TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png')),
	size INTEGER NOT NULL CHECK (size > 0),
	sha256 TEXT NOT NULL,
	bytes BLOB NOT NULL,
	created_by INTEGER REFERENCES users (id),
	created_at TEXT NOT NULL
);
CREATE INDEX assembly_photos_session ON assembly_photos (session_id);

-- Proposals of a session (features of any layer with properties.attrs.sessionId).
CREATE INDEX features_assembly_session ON features (json_extract(properties, '$.attrs.sessionId'))
	WHERE json_extract(properties, '$.attrs.sessionId') IS NOT NULL;
