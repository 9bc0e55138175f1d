CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  started_utc TEXT NOT NULL,
  saved_utc TEXT NOT NULL,
  command TEXT NOT NULL CHECK (command IN ('assign', 'compare')),
  corridor_version TEXT NOT NULL,
  net_dir TEXT NOT NULL,
  demand_path TEXT NOT NULL,
  method TEXT NOT NULL,
  minimize TEXT NOT NULL,
  vot_usd_per_t_h REAL NOT NULL,
  shipment_tonnes REAL NOT NULL,
  modes TEXT NOT NULL,
  statuses TEXT NOT NULL,
  avoid TEXT NOT NULL,
  dwell TEXT NOT NULL,
  routes_per_od INTEGER NOT NULL,
  max_overlap REAL NOT NULL,
  theta REAL NOT NULL,
  tonnes_total REAL NOT NULL
);
CREATE TABLE run_inputs (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  pos INTEGER NOT NULL,
  role TEXT NOT NULL,
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  PRIMARY KEY (run_id, pos)
);
CREATE TABLE run_sides (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  side INTEGER NOT NULL,
  scenario TEXT,
  scenario_chain TEXT,
  tonnes_routed REAL NOT NULL,
  tonnes_unrouted REAL NOT NULL,
  PRIMARY KEY (run_id, side)
);
CREATE TABLE run_accounts (
  run_id INTEGER NOT NULL,
  side INTEGER NOT NULL,
  country TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('origin', 'destination', 'transit')),
  tonnes REAL NOT NULL,
  tonne_km REAL NOT NULL,
  fees_usd REAL NOT NULL,
  PRIMARY KEY (run_id, side, country, role),
  FOREIGN KEY (run_id, side) REFERENCES run_sides(run_id, side) ON DELETE CASCADE
);
CREATE TABLE run_link_flows (
  run_id INTEGER NOT NULL,
  side INTEGER NOT NULL,
  link TEXT NOT NULL,
  tonnes REAL NOT NULL,
  PRIMARY KEY (run_id, side, link),
  FOREIGN KEY (run_id, side) REFERENCES run_sides(run_id, side) ON DELETE CASCADE
);
