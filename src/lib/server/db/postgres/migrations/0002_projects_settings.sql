-- yaku schema 2 (PostgreSQL translation of ../../migrations/0002_projects_settings.sql). Never edit once applied.

CREATE TABLE projects (
	id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
	code TEXT CHECK (code IS NULL OR length(code) BETWEEN 1 AND 64),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
	year INTEGER CHECK (year IS NULL OR year BETWEEN 1900 AND 2200),
	sector TEXT,
	executor TEXT,
	budget_soles DOUBLE PRECISION CHECK (budget_soles IS NULL OR budget_soles >= 0),
	funding_source TEXT,
	status TEXT,
	illustrative SMALLINT NOT NULL DEFAULT 0 CHECK (illustrative IN (0, 1)),
	params JSONB NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(params) = 'object'),
	version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
	created_by BIGINT REFERENCES users (id),
	updated_by BIGINT REFERENCES users (id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX projects_code ON projects (code) WHERE code IS NOT NULL;

CREATE TABLE settings (
	key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 64),
	value JSONB NOT NULL,
	version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
	updated_by BIGINT REFERENCES users (id),
	updated_at TEXT NOT NULL
);

CREATE INDEX features_project ON features (layer, (properties ->> 'projectId'));

INSERT INTO projects (id, code, name, year, sector, executor, budget_soles, funding_source, status, illustrative,
	params, version, created_by, updated_by, created_at, updated_at)
VALUES ('can-can-2017', NULL,
	'Recuperación de los servicios ecosistémicos del sector Can Can para la regulación hídrica, Distrito de Chinchero, 2017',
	2017, 'Can Can', NULL, NULL, NULL, NULL, 1, '{}', 1, NULL, NULL,
	to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
	to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));

INSERT INTO settings (key, value, version, updated_by, updated_at)
VALUES ('zee_compat', '{"matrix":{"productiva":{"zanja_infiltracion":"compatible","forestacion":"compatible","pastos_naturales":"compatible","proteccion_manante":"compatible","microreservorio":"compatible","anden":"compatible"},"proteccion_conservacion":{"zanja_infiltracion":"restringido","forestacion":"compatible","pastos_naturales":"compatible","proteccion_manante":"compatible","microreservorio":"restringido","anden":"restringido"},"tratamiento_especial":{"zanja_infiltracion":"incompatible","forestacion":"restringido","pastos_naturales":"compatible","proteccion_manante":"restringido","microreservorio":"incompatible","anden":"restringido"},"recuperacion":{"zanja_infiltracion":"compatible","forestacion":"compatible","pastos_naturales":"compatible","proteccion_manante":"compatible","microreservorio":"compatible","anden":"compatible"},"urbano_industrial":{"zanja_infiltracion":"restringido","forestacion":"compatible","pastos_naturales":"restringido","proteccion_manante":"compatible","microreservorio":"incompatible","anden":"restringido"}},"note":"Tabla editable de referencia del equipo yaku, no oficial: cada Comité la ajusta a su ZEE aprobada."}', 1, NULL,
	to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
