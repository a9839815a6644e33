CREATE TABLE init_marker (created_by text NOT NULL);
INSERT INTO init_marker VALUES ('init script');
