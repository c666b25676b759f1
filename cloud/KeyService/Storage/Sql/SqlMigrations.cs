namespace ShareKey.KeyService.Storage.Sql;

/// <summary>
/// One schema change. Applied steps are never edited: a change to the schema is a new step at the end.
/// <see cref="PostgresOnly"/> and <see cref="SqliteOnly"/> run after the shared statements on that
/// database only, for what the other has no form of (an exclusion constraint, a table without rowids).
/// </summary>
internal sealed record SqlMigration(string Name, string[] Statements)
{
    public string[] PostgresOnly { get; init; } = [];

    public string[] SqliteOnly { get; init; } = [];
}

/// <summary>
/// The schema, as numbered steps shared by both databases; {blob}, {key} (an id the caller chooses),
/// {serial} (an id the database numbers) and {bytewise} (a collation) are filled in by the dialect. Every number is a BIGINT:
/// u64 ids bit for bit, u32 fields, times as UTC unix milliseconds, enums as their values.
/// Foreign keys are checked at commit, so a session may write linked rows in any order.
/// </summary>
internal static class SqlMigrations
{
    /// <summary>Created (if missing) before each step, under the migration lock.</summary>
    public const string SchemaVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version BIGINT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at BIGINT NOT NULL)
        """;

    /// <summary>Step n (1-based) is element n-1; the database's version is the number of steps applied.</summary>
    public static IReadOnlyList<SqlMigration> Steps { get; } =
    [
        new("initial schema", [
            """
            CREATE TABLE users (
                id {key},
                -- Listed by name: compared byte by byte in both databases, whatever PostgreSQL's locale.
                name TEXT {bytewise} NOT NULL UNIQUE,
                role BIGINT NOT NULL,
                created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE api_tokens (
                id {serial},
                user_id BIGINT NOT NULL REFERENCES users DEFERRABLE INITIALLY DEFERRED,
                name TEXT NOT NULL,
                hash {blob} NOT NULL UNIQUE,
                created_at BIGINT NOT NULL,
                revoked_at BIGINT)
            """,
            "CREATE INDEX api_tokens_user ON api_tokens (user_id)",
            """
            CREATE TABLE devices (
                id {key},
                kind BIGINT NOT NULL,
                name TEXT NOT NULL,
                state BIGINT NOT NULL,
                root_key_sealed {blob} NOT NULL,
                epoch BIGINT NOT NULL,
                epoch_key_sealed {blob},
                -- Down-message ids only grow (docs/protocol.md §9.5): past the u32 range is an error, never a wrap.
                last_down_message_id BIGINT NOT NULL CHECK (last_down_message_id BETWEEN 0 AND 4294967295),
                bulletin_sequence BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                last_seen_at BIGINT,
                decommissioned_at BIGINT)
            """,
            """
            CREATE TABLE bindings (
                id {serial},
                vin TEXT NOT NULL,
                imsi TEXT NOT NULL,
                device_id BIGINT NOT NULL REFERENCES devices DEFERRABLE INITIALLY DEFERRED,
                bound_at BIGINT NOT NULL,
                ended_at BIGINT,
                end_reason TEXT)
            """,
            "CREATE UNIQUE INDEX bindings_active_vin ON bindings (vin) WHERE ended_at IS NULL",
            "CREATE UNIQUE INDEX bindings_active_imsi ON bindings (imsi) WHERE ended_at IS NULL",
            "CREATE INDEX bindings_vin ON bindings (vin)",
            "CREATE INDEX bindings_device ON bindings (device_id)",
            // keys.rental_id, rentals.rotation_id and rotations.outbox_id point "back" along the
            // order rows are made in; a foreign key there would make a cycle, so they stay plain.
            """
            CREATE TABLE keys (
                id {key},
                device_id BIGINT NOT NULL REFERENCES devices DEFERRABLE INITIALLY DEFERRED,
                holder_id BIGINT NOT NULL REFERENCES users DEFERRABLE INITIALLY DEFERRED,
                type BIGINT NOT NULL,
                permissions BIGINT NOT NULL,
                flags BIGINT NOT NULL,
                epoch BIGINT NOT NULL,
                not_before BIGINT NOT NULL,
                not_after BIGINT NOT NULL,
                max_uses BIGINT NOT NULL,
                parent_key_id BIGINT NOT NULL,
                state BIGINT NOT NULL,
                rental_id BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX keys_device ON keys (device_id)",
            "CREATE INDEX keys_holder ON keys (holder_id)",
            """
            CREATE TABLE rentals (
                id {serial},
                device_id BIGINT NOT NULL REFERENCES devices DEFERRABLE INITIALLY DEFERRED,
                user_id BIGINT NOT NULL REFERENCES users DEFERRABLE INITIALLY DEFERRED,
                key_id BIGINT NOT NULL REFERENCES keys DEFERRABLE INITIALLY DEFERRED,
                starts_at BIGINT NOT NULL,
                ends_at BIGINT NOT NULL,
                state BIGINT NOT NULL,
                returned_at BIGINT,
                rotation_id BIGINT)
            """,
            "CREATE INDEX rentals_device ON rentals (device_id)",
            "CREATE INDEX rentals_user ON rentals (user_id)",
            """
            CREATE TABLE rotations (
                id {serial},
                device_id BIGINT NOT NULL REFERENCES devices DEFERRABLE INITIALLY DEFERRED,
                cause BIGINT NOT NULL,
                rental_id BIGINT REFERENCES rentals DEFERRABLE INITIALLY DEFERRED,
                from_epoch BIGINT NOT NULL,
                backup_key_sealed {blob},
                to_epoch BIGINT NOT NULL,
                new_key_sealed {blob} NOT NULL,
                revoked_key_ids {blob} NOT NULL,
                state BIGINT NOT NULL,
                outbox_id BIGINT,
                redrives BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                confirmed_at BIGINT,
                redrive_at BIGINT,
                last_error TEXT)
            """,
            // At most one open rotation (Sending = 1, GaveUp = 3) per device.
            "CREATE UNIQUE INDEX rotations_open ON rotations (device_id) WHERE state IN (1, 3)",
            "CREATE INDEX rotations_device ON rotations (device_id, created_at)",
            "CREATE INDEX rotations_redrive ON rotations (state, redrive_at)",
            """
            CREATE TABLE outbox (
                id {serial},
                device_id BIGINT NOT NULL REFERENCES devices DEFERRABLE INITIALLY DEFERRED,
                message_id BIGINT NOT NULL,
                type BIGINT NOT NULL,
                frame {blob} NOT NULL,
                state BIGINT NOT NULL,
                attempts BIGINT NOT NULL,
                max_attempts BIGINT NOT NULL,
                ack_timeout_ms BIGINT NOT NULL,
                next_attempt_at BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                last_attempt_at BIGINT,
                acked_at BIGINT,
                ack_status BIGINT,
                rotation_id BIGINT REFERENCES rotations DEFERRABLE INITIALLY DEFERRED,
                UNIQUE (device_id, message_id))
            """,
            "CREATE INDEX outbox_due ON outbox (state, next_attempt_at)",
            """
            CREATE TABLE uplinks (
                device_id BIGINT NOT NULL REFERENCES devices DEFERRABLE INITIALLY DEFERRED,
                message_id BIGINT NOT NULL,
                type BIGINT NOT NULL,
                received_at BIGINT NOT NULL,
                PRIMARY KEY (device_id, message_id))
            """,
            """
            CREATE TABLE key_reports (
                device_id BIGINT NOT NULL PRIMARY KEY REFERENCES devices DEFERRABLE INITIALLY DEFERRED,
                active_epoch BIGINT NOT NULL,
                backup_epoch BIGINT NOT NULL,
                bulletin_sequence BIGINT NOT NULL,
                device_time BIGINT NOT NULL,
                uses {blob} NOT NULL,
                received_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE device_events (
                id {serial},
                device_id BIGINT NOT NULL REFERENCES devices DEFERRABLE INITIALLY DEFERRED,
                kind BIGINT NOT NULL,
                device_time BIGINT NOT NULL,
                key_id BIGINT NOT NULL,
                detail BIGINT NOT NULL,
                value BIGINT NOT NULL,
                received_at BIGINT NOT NULL)
            """,
            "CREATE INDEX device_events_device ON device_events (device_id, received_at)",
            """
            CREATE TABLE audit (
                id {serial},
                at BIGINT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                result TEXT NOT NULL,
                detail TEXT NOT NULL)
            """,
            "CREATE INDEX audit_at ON audit (at)",
            "CREATE INDEX audit_actor ON audit (actor, at)",
            "CREATE INDEX audit_target ON audit (target, at)",
        ]),
        new("notifications", [
            // Audit entries and device events are what notifications are derived from: a row is
            // pending until the pipeline has read it (the rows written before this step are history).
            "ALTER TABLE audit ADD COLUMN notify_pending BIGINT NOT NULL DEFAULT 1",
            "UPDATE audit SET notify_pending = 0",
            "CREATE INDEX audit_notify_pending ON audit (id) WHERE notify_pending = 1",
            "ALTER TABLE device_events ADD COLUMN notify_pending BIGINT NOT NULL DEFAULT 1",
            "UPDATE device_events SET notify_pending = 0",
            "CREATE INDEX device_events_notify_pending ON device_events (id) WHERE notify_pending = 1",
            // One row, locked by the pipeline's session: one deriver at a time, so notification ids
            // grow in commit order and a stream resuming after an id misses nothing.
            "CREATE TABLE notification_pipeline (id BIGINT NOT NULL PRIMARY KEY, runs BIGINT NOT NULL)",
            "INSERT INTO notification_pipeline (id, runs) VALUES (1, 0)",
            """
            CREATE TABLE notifications (
                id {serial},
                user_id BIGINT NOT NULL REFERENCES users DEFERRABLE INITIALLY DEFERRED,
                type TEXT NOT NULL,
                occurred_at BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                device_id BIGINT,
                key_id BIGINT,
                source TEXT NOT NULL,
                data TEXT NOT NULL,
                UNIQUE (source, user_id, type))
            """,
            "CREATE INDEX notifications_user ON notifications (user_id, id)",
            """
            CREATE TABLE webhook_endpoints (
                id {key},
                user_id BIGINT NOT NULL REFERENCES users DEFERRABLE INITIALLY DEFERRED,
                url TEXT NOT NULL,
                types TEXT NOT NULL,
                secret_sealed {blob} NOT NULL,
                created_at BIGINT NOT NULL,
                removed_at BIGINT,
                -- After a failed delivery nothing more is sent to the endpoint until its retry is due.
                paused_until BIGINT NOT NULL)
            """,
            "CREATE INDEX webhook_endpoints_user ON webhook_endpoints (user_id)",
            """
            CREATE TABLE webhook_deliveries (
                id {serial},
                endpoint_id BIGINT NOT NULL REFERENCES webhook_endpoints DEFERRABLE INITIALLY DEFERRED,
                notification_id BIGINT NOT NULL REFERENCES notifications DEFERRABLE INITIALLY DEFERRED,
                state BIGINT NOT NULL,
                attempts BIGINT NOT NULL,
                next_attempt_at BIGINT NOT NULL,
                give_up_at BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                last_attempt_at BIGINT,
                delivered_at BIGINT,
                last_status BIGINT,
                last_error TEXT,
                UNIQUE (endpoint_id, notification_id))
            """,
            "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at)",
            "CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, state, id)",
            """
            CREATE TABLE device_silences (
                device_id BIGINT NOT NULL PRIMARY KEY REFERENCES devices DEFERRABLE INITIALLY DEFERRED,
                last_seen_at BIGINT NOT NULL,
                reported_at BIGINT NOT NULL)
            """,
        ]),
        // A freeze put on a key itself (not inherited from an ancestor): who put it, and how high
        // in the key's chain they stood (0 operator, 1 the root key's holder, …), so that only
        // someone at least as high lifts it.
        new("key freezes remember who froze", [
            "ALTER TABLE keys ADD COLUMN frozen_by BIGINT",
            "ALTER TABLE keys ADD COLUMN frozen_rank BIGINT",
            "ALTER TABLE keys ADD COLUMN frozen_at BIGINT",
            "CREATE INDEX keys_parent ON keys (parent_key_id)",
        ]),
        new("device names unique among devices in service", [
            // Boards advertise SK-<name> over BLE, and operators pick boards by name: two in service
            // under one name (in any letter case) is a mix-up waiting to happen. Names taken twice
            // before this step keep the first; the later ones get their id appended, to be told apart.
            """
            UPDATE devices SET name = name || ' #' || CAST(id AS TEXT)
            WHERE state = 1 AND EXISTS (
                SELECT 1 FROM devices AS older
                WHERE older.state = 1 AND lower(older.name) = lower(devices.name)
                  AND (older.created_at < devices.created_at OR (older.created_at = devices.created_at AND older.id < devices.id)))
            """,
            "CREATE UNIQUE INDEX devices_active_name ON devices (lower(name)) WHERE state = 1",
        ]),
        // Uplinks are pruned per device, newest first (Uplinks/UplinkPruner): this index serves that ranking.
        new("uplinks ranked per device for pruning", [
            "CREATE INDEX uplinks_device_received ON uplinks (device_id, received_at)",
        ]),
        // Rentals only of vehicles an operator listed as rentable (fleet cars, never private ones).
        new("rentable vehicles", [
            "ALTER TABLE devices ADD COLUMN rentable BIGINT NOT NULL DEFAULT 0",
        ]),
        // A BindRequest for a VIN held by another T-BOX that is still reporting does not move it:
        // it is kept here until an operator keeps the binding or moves it to the claimant.
        new("contested VIN bindings", [
            """
            CREATE TABLE binding_contests (
                id {serial},
                vin TEXT NOT NULL,
                imsi TEXT NOT NULL,
                device_id BIGINT NOT NULL REFERENCES devices DEFERRABLE INITIALLY DEFERRED,
                claimed_at BIGINT NOT NULL,
                resolved_at BIGINT,
                resolution TEXT)
            """,
            "CREATE INDEX binding_contests_open ON binding_contests (vin) WHERE resolved_at IS NULL",
        ]),
        // Parking (R2): garages (APDS "Place") with their map, and spaces (APDS "Space"), each bound
        // to one parking lock and carrying the rules its reservations follow.
        new("parking garages and spaces", [
            """
            CREATE TABLE garages (
                id {key},
                name TEXT {bytewise} NOT NULL,
                time_zone TEXT NOT NULL,
                address TEXT NOT NULL,
                floors TEXT NOT NULL,
                map TEXT,
                created_at BIGINT NOT NULL)
            """,
            "CREATE UNIQUE INDEX garages_name ON garages (lower(name))",
            """
            CREATE TABLE spaces (
                id {key},
                garage_id BIGINT NOT NULL REFERENCES garages DEFERRABLE INITIALLY DEFERRED,
                space_id TEXT {bytewise} NOT NULL,
                level BIGINT NOT NULL,
                device_id BIGINT NOT NULL REFERENCES devices DEFERRABLE INITIALLY DEFERRED,
                max_reservation_ms BIGINT NOT NULL,
                booking_horizon_ms BIGINT NOT NULL,
                cancel_hold_ms BIGINT NOT NULL,
                grace_ms BIGINT NOT NULL,
                no_show_ms BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                UNIQUE (garage_id, space_id))
            """,
            // One lock, one space.
            "CREATE UNIQUE INDEX spaces_device ON spaces (device_id)",
        ]),
        // An operator disables a user (every API token refused while disabled) and enables them
        // again; an API token may carry an expiry after which it is refused.
        new("disabled users and expiring API tokens", [
            "ALTER TABLE users ADD COLUMN disabled_at BIGINT",
            "ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT",
        ]),
        // Reservations of parking spaces (R2.11), APDS "AssignedRight" with one "PlannedUse". Two that
        // hold one space (Booked 1, Arrived 2) may not overlap: PostgreSQL's exclusion constraint
        // guarantees it between concurrent sessions; SQLite's insert checks inside its one write
        // transaction at a time (Storage/Sql/SqlReservationTable.cs).
        new("parking reservations", [
            """
            CREATE TABLE reservations (
                id {key},
                space_id BIGINT NOT NULL REFERENCES spaces DEFERRABLE INITIALLY DEFERRED,
                device_id BIGINT NOT NULL REFERENCES devices DEFERRABLE INITIALLY DEFERRED,
                user_id BIGINT NOT NULL REFERENCES users DEFERRABLE INITIALLY DEFERRED,
                -- Written in the booking's session once the key is issued, before the commit checks it.
                key_id BIGINT NOT NULL REFERENCES keys DEFERRABLE INITIALLY DEFERRED,
                starts_at BIGINT NOT NULL,
                ends_at BIGINT NOT NULL,
                booked_at BIGINT NOT NULL,
                cancel_free_until BIGINT NOT NULL,
                no_show_at BIGINT NOT NULL,
                state BIGINT NOT NULL,
                arrived_at BIGINT,
                ended_at BIGINT,
                CHECK (ends_at > starts_at))
            """,
            "CREATE INDEX reservations_space ON reservations (space_id, starts_at)",
            "CREATE INDEX reservations_user ON reservations (user_id, starts_at)",
            "CREATE INDEX reservations_no_show ON reservations (state, no_show_at)",
        ])
        {
            PostgresOnly =
            [
                // btree_gist lets a GiST index compare the plain space_id with "="; it ships with
                // PostgreSQL (Debian: postgresql-15's contrib) and is trusted, so the database's owner may create it.
                "CREATE EXTENSION IF NOT EXISTS btree_gist",
                """
                ALTER TABLE reservations ADD CONSTRAINT reservations_no_overlap
                    EXCLUDE USING gist (space_id WITH =, int8range(starts_at, ends_at) WITH &&) WHERE (state IN (1, 2))
                """,
            ],
        },
        // Occupancy (R2.9): each report of a space's lock, kept per space (the lock's binding may
        // change; a space's history stays its own). Newest first per space.
        new("space occupancy", [
            """
            CREATE TABLE space_occupancy (
                id {serial},
                space_id BIGINT NOT NULL REFERENCES spaces DEFERRABLE INITIALLY DEFERRED,
                device_id BIGINT NOT NULL REFERENCES devices DEFERRABLE INITIALLY DEFERRED,
                occupied BIGINT NOT NULL,
                reason BIGINT NOT NULL,
                device_time BIGINT NOT NULL,
                received_at BIGINT NOT NULL)
            """,
            "CREATE INDEX space_occupancy_space ON space_occupancy (space_id, id)",
        ]),
        // A key whose limits were changed (R1.5): when, and the latest not-after any earlier token of
        // it had, so bulletins name it as changed for as long as an old token could be in time.
        new("changed key validity", [
            "ALTER TABLE keys ADD COLUMN changed_at BIGINT",
            "ALTER TABLE keys ADD COLUMN tokens_not_after BIGINT",
        ]),
        // R3: the newest VehicleReport per car, its owner's low-charge threshold, the prompts sent
        // when the charge fell below it, and every remote lock or release an owner or operator
        // authorised, with how far the car carried it out.
        new("remote locking", [
            """
            CREATE TABLE vehicle_states (
                device_id BIGINT NOT NULL PRIMARY KEY REFERENCES devices DEFERRABLE INITIALLY DEFERRED,
                device_time BIGINT NOT NULL,
                state_of_charge BIGINT CHECK (state_of_charge BETWEEN 0 AND 100),
                cable BIGINT NOT NULL,
                speed_kmh BIGINT,
                ignition_on BIGINT,
                remote_lock BIGINT NOT NULL,
                immobiliser BIGINT NOT NULL,
                inlet_locked BIGINT NOT NULL,
                lock_message_id BIGINT NOT NULL,
                received_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE charge_thresholds (
                device_id BIGINT NOT NULL PRIMARY KEY REFERENCES devices DEFERRABLE INITIALLY DEFERRED,
                percent BIGINT NOT NULL CHECK (percent BETWEEN 1 AND 99),
                set_by BIGINT NOT NULL,
                set_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE charge_prompts (
                id {serial},
                device_id BIGINT NOT NULL REFERENCES devices DEFERRABLE INITIALLY DEFERRED,
                percent BIGINT NOT NULL,
                threshold BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                closed_at BIGINT,
                closed_reason TEXT,
                request_id BIGINT)
            """,
            // At most one open prompt per car.
            "CREATE UNIQUE INDEX charge_prompts_open ON charge_prompts (device_id) WHERE closed_at IS NULL",
            """
            CREATE TABLE remote_lock_requests (
                id {serial},
                device_id BIGINT NOT NULL REFERENCES devices DEFERRABLE INITIALLY DEFERRED,
                action BIGINT NOT NULL,
                requested_by BIGINT NOT NULL,
                requested_at BIGINT NOT NULL,
                prompt_id BIGINT REFERENCES charge_prompts DEFERRABLE INITIALLY DEFERRED,
                outbox_id BIGINT NOT NULL REFERENCES outbox DEFERRABLE INITIALLY DEFERRED,
                message_id BIGINT NOT NULL,
                state BIGINT NOT NULL,
                reason TEXT,
                updated_at BIGINT NOT NULL,
                UNIQUE (device_id, message_id))
            """,
            "CREATE INDEX remote_lock_requests_device ON remote_lock_requests (device_id, state)",
        ]),
        // The no-show rule asks a space's occupancy by its lock's clock (Parking/Occupancy/SpaceArrival).
        new("space occupancy by lock time", [
            "CREATE INDEX space_occupancy_space_time ON space_occupancy (space_id, device_time)",
        ]),
        // Every up frame is a row here, at a random place (device ids are random), and each B-tree it
        // went into was one more page written per frame: the index by time served only the pruner,
        // which now ranks by message id (a device's ids for its up frames only grow: firmware UplinkIds), in
        // the primary key's order. On SQLite the primary key is the table itself (no rowid table
        // beside it). About a fifth fewer WAL bytes per rotation in the fleet benchmark.
        new("uplinks in one B-tree", [])
        {
            PostgresOnly = ["DROP INDEX uplinks_device_received"],
            SqliteOnly =
            [
                """
                CREATE TABLE uplinks_by_key (
                    device_id BIGINT NOT NULL REFERENCES devices DEFERRABLE INITIALLY DEFERRED,
                    message_id BIGINT NOT NULL,
                    type BIGINT NOT NULL,
                    received_at BIGINT NOT NULL,
                    PRIMARY KEY (device_id, message_id)) WITHOUT ROWID
                """,
                "INSERT INTO uplinks_by_key (device_id, message_id, type, received_at) SELECT device_id, message_id, type, received_at FROM uplinks",
                "DROP TABLE uplinks",
                "ALTER TABLE uplinks_by_key RENAME TO uplinks",
            ],
        },
        // A rental and a reservation are written before their key, naming the key about to be issued
        // in the same session. While such a row waits for its key, SQLite looks, at every key
        // inserted, for the rows that key would satisfy: without an index on key_id that read every
        // rental and every reservation ever made, for each rental started or space booked.
        // PostgreSQL checks a foreign key from the child's side only, so it needs no such index.
        new("rentals and reservations found by their key", [])
        {
            SqliteOnly =
            [
                "CREATE INDEX rentals_key ON rentals (key_id)",
                "CREATE INDEX reservations_key ON reservations (key_id)",
            ],
        },
        // The sender asks only for pending messages that are due; a message leaves that index when it is acked,
        // cancelled or given up, instead of moving to another place in it. On PostgreSQL an ack's update (a new
        // row version, as the state is indexed) writes one index entry fewer. Statements that read it name the
        // pending state as a constant: a parameter cannot prove the index's WHERE.
        new("only pending messages in the outbox's due index", [
            "DROP INDEX outbox_due",
            "CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE state = 1",
        ]),
        // Rotations by state (the summary, the metrics gauge at every scrape) were counted over every rotation ever
        // stored. Now each state is counted where it is kept small: open ones (Sending = 1, GaveUp = 3) through
        // rotations_open, failed ones (4, re-driven by an operator or left) through an index of their own, and
        // confirmed ones (2, final: never written again) as a running total that the sessions confirming them add
        // to, in one of 16 rows taken at random: PostgreSQL's sessions side by side each lock the row they add to
        // until they commit, and one row would make them commit one after the other.
        // rotations_redrive then holds only given-up rotations, the ones it serves.
        new("rotations counted by state without reading them all", [
            "CREATE TABLE rotation_totals (state BIGINT NOT NULL, shard BIGINT NOT NULL, rotations BIGINT NOT NULL, PRIMARY KEY (state, shard))",
            """
            WITH RECURSIVE shards(shard) AS (SELECT 0 UNION ALL SELECT shard + 1 FROM shards WHERE shard < 15)
            INSERT INTO rotation_totals (state, shard, rotations)
            SELECT 2, shard, CASE WHEN shard = 0 THEN (SELECT count(*) FROM rotations WHERE state = 2) ELSE 0 END FROM shards
            """,
            "CREATE INDEX rotations_failed ON rotations (id) WHERE state = 4",
            "DROP INDEX rotations_redrive",
            "CREATE INDEX rotations_redrive ON rotations (redrive_at, id) WHERE state = 3",
        ]),
        // Rotations are listed newest first (`sharekey rotation list`, and `rotation watch` every second) by their
        // number, which the primary key holds in order, so a page reads as many rows as it shows. A device's
        // rotations by number too: its index changes columns, not count, so no write costs more.
        new("a device's rotations listed newest first through its index", [
            "DROP INDEX rotations_device",
            "CREATE INDEX rotations_device ON rotations (device_id, id)",
        ]),
        // A device's keys only grow: every rental's key is revoked at its return and stays, under the epoch it was
        // revoked in. Only keys under the device's epoch or the one before can still be live (BulletinIssuer.IsLive),
        // so a rotation's start (the revocations its Rotate lists), a bulletin, a new key's room and the device's live
        // keys (which move to each new epoch) are found by (device_id, epoch) from the epoch before on, never reading
        // the keys of the device's earlier epochs.
        new("a device's keys found by epoch", [
            "DROP INDEX keys_device",
            "CREATE INDEX keys_device ON keys (device_id, epoch)",
        ]),
        // Every rental's start asks for the car's rental under way and the renter's: through rentals_device and
        // rentals_user that read every rental the car or the user ever had. Active rentals (state 1) are few.
        new("active rentals found without the rest", [
            "CREATE INDEX rentals_active_device ON rentals (device_id) WHERE state = 1",
            "CREATE INDEX rentals_active_user ON rentals (user_id) WHERE state = 1",
        ]),
        // A booking's overlap check (every reservation made; on SQLite the check itself) and a space's availability
        // ask for the bookings that start before a window ends and end after it starts. By (space_id, starts_at) that
        // read every booking the space ever had before the window; by (space_id, ends_at) only those still to end.
        new("a space's bookings found from the ones still to end", [
            "DROP INDEX reservations_space",
            "CREATE INDEX reservations_space ON reservations (space_id, ends_at)",
        ]),
        // Keys are listed newest first, a page at a time; a user's own list (every holder's view of their keys) is
        // read in that order off the holder's index, so a page of a frequent renter reads as many keys as it shows,
        // not every key they ever held. The index changes columns, not count.
        new("a holder's keys listed newest first through its index", [
            "DROP INDEX keys_holder",
            "CREATE INDEX keys_holder ON keys (holder_id, created_at, id)",
        ]),
        // Rentals are listed newest first by start, a page at a time: a renter's off rentals_user, now (user_id, starts_at,
        // id), and everyone's off rentals_starts, so a page reads as many rentals as it shows, not every rental the fleet
        // ever had, sorted. A rental is written at its start and its return, off the rotation's path.
        new("rentals listed newest first through their indexes", [
            "DROP INDEX rentals_user",
            "CREATE INDEX rentals_user ON rentals (user_id, starts_at, id)",
            "CREATE INDEX rentals_starts ON rentals (starts_at, id)",
        ]),
        // The operators (told of every rotation given up and every silent device; counted at the first start) are a few
        // among the fleet's customers: found through an index of theirs, not by reading every user.
        new("operators found among themselves", [
            "CREATE INDEX users_operators ON users (id) WHERE role = 2",
        ]),
        // Reservations are listed soonest first, a page at a time: a space's (its managers), a renter's and everyone's,
        // each off an index in that order, so a page reads as many bookings as it shows. reservations_space stays by end
        // for the overlap check. A booking is written when made and when it changes state, off the rotation's path.
        new("reservations listed soonest first through their indexes", [
            "DROP INDEX reservations_user",
            "CREATE INDEX reservations_user ON reservations (user_id, starts_at, id)",
            "CREATE INDEX reservations_space_starts ON reservations (space_id, starts_at, id)",
            "CREATE INDEX reservations_starts ON reservations (starts_at, id)",
        ]),
    ];
}
