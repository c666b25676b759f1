using Microsoft.Data.Sqlite;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Parking.Reservations;
using ShareKey.KeyService.Rentals;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Storage.Sql;
using ShareKey.KeyService.Users;

namespace ShareKey.KeyService.Tests.Storage;

/// <summary>
/// SQLite plans without statistics, and rated a state that most rows are in ("state = pending",
/// "open") as narrow as the device or ids a statement names: it read every open rotation for each
/// batch of KeyReports (10,000 in a fleet-wide rotation) and every pending message for a
/// cancellation; a partial index whose WHERE a parameter cannot prove went unused, so every
/// device was read for each board provisioned; and a key inserted while a rental or reservation
/// waited for it read every rental and reservation. These statements must find their rows through
/// what they name. Asked of SQLite's own planner (EXPLAIN QUERY PLAN) on the migrated schema, as the
/// service runs it.
/// </summary>
public sealed class SqlitePlanTests
{
    public static TheoryData<string, string> Statements => new()
    {
        { "open rotations of devices", "rotations_open (device_id=?)" },
        { "cancel pending messages by id", "INTEGER PRIMARY KEY (rowid=?)" },
        { "cancel a device's pending messages", "sqlite_autoindex_outbox_1 (device_id=?)" },
        // Every batch of acks: the messages they name, by (device, message id) pair.
        { "messages by device and message id", "sqlite_autoindex_outbox_1 (device_id=? AND message_id=?)" },
        { "an active device by name", "devices_active_name (<expr>=?)" },
        // While a rental or reservation waits for its key (written first, in the same session),
        // SQLite looks for the rows each key inserted would satisfy.
        { "a key issued while its rental or reservation waits for it", "rentals_key (key_id=?)" },
        { "a key issued while its reservation or rental waits for it", "reservations_key (key_id=?)" },
        // Every rental's start: the car's rental under way and the renter's, among the few active ones.
        { "a car's rental under way", "rentals_active_device (device_id=?)" },
        { "a user's active rentals", "rentals_active_user (user_id=?)" },
        // Every booking's overlap check, and a space's availability: the bookings still to end, not its history.
        { "a booking unless its window is taken", "reservations_space (space_id=? AND ends_at>?)" },
        { "the bookings holding a space over a window", "reservations_space (space_id=? AND ends_at>?)" },
    };

    [Theory]
    [MemberData(nameof(Statements))]
    public async Task A_statement_finds_its_rows_through_the_devices_or_ids_it_names(string statement, string expected)
    {
        var plan = await PlanOnMigratedStoreAsync(dialect => statement switch
        {
            "open rotations of devices" => SqlRotationTable.OpenForDevicesSql(dialect),
            "cancel pending messages by id" => SqlOutboxTable.CancelPendingByIdsSql(dialect),
            "cancel a device's pending messages" => SqlOutboxTable.CancelPendingOfDeviceSql(dialect),
            "messages by device and message id" => SqlOutboxTable.FindSql(dialect),
            "an active device by name" => SqlDeviceTable.FindActiveByNameSql,
            "a key issued while its rental or reservation waits for it" or "a key issued while its reservation or rental waits for it" => SqlKeyTable.Insert,
            "a car's rental under way" => SqlRentalTable.ActiveForDeviceSql,
            "a user's active rentals" => SqlRentalTable.ActiveOfUserSql,
            "a booking unless its window is taken" => SqlReservationTable.InsertUnlessTakenSql,
            "the bookings holding a space over a window" => SqlReservationTable.HoldingSql,
            _ => throw new ArgumentException($"No statement is named '{statement}'.", nameof(statement)),
        });

        Assert.Contains(plan, step => step.StartsWith("SEARCH", StringComparison.Ordinal) && step.EndsWith(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("USING INDEX rotations_redrive", StringComparison.Ordinal) || step.Contains("INDEX outbox_due", StringComparison.Ordinal));
        // A table read whole: only the ids a statement was given (json_each, a VIRTUAL TABLE, named or by its alias) may
        // be scanned, and the one row of values an INSERT … SELECT writes (CONSTANT ROW, no table).
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN ", StringComparison.Ordinal) && !step.Contains("VIRTUAL TABLE", StringComparison.Ordinal) && step != "SCAN CONSTANT ROW");
    }

    public static TheoryData<string> DueStatements => ["messages due", "the next message due", "pending messages counted"];

    /// <summary>
    /// outbox_due holds only pending messages (a fleet's history of acked ones stays out of it): the sender's
    /// statements, which name the pending state as a constant, read it and nothing else of the outbox.
    /// </summary>
    [Theory]
    [MemberData(nameof(DueStatements))]
    public async Task The_senders_statements_read_only_the_pending_messages_index(string statement)
    {
        var plan = await PlanOnMigratedStoreAsync(dialect => statement switch
        {
            "messages due" => SqlOutboxTable.ClaimDueSql(dialect),
            "the next message due" => SqlOutboxTable.NextDueSql,
            "pending messages counted" => SqlOutboxTable.PendingDepthSql,
            _ => throw new ArgumentException($"No statement is named '{statement}'.", nameof(statement)),
        });

        Assert.Contains(plan, step => step.Contains("outbox USING", StringComparison.Ordinal) && step.Contains("INDEX outbox_due", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("outbox", StringComparison.Ordinal) && !step.Contains("INDEX outbox_due", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    /// <summary>
    /// Rotations by state (the summary, the metrics gauge at every scrape) read the open ones through rotations_open,
    /// the failed ones through rotations_failed, and the confirmed ones' running total: never every rotation stored.
    /// </summary>
    [Fact]
    public async Task Rotations_are_counted_by_state_without_reading_every_rotation()
    {
        var plan = await PlanOnMigratedStoreAsync(_ => SqlRotationTable.CountByStateSql);

        Assert.Contains(plan, step => step.Contains("rotations USING", StringComparison.Ordinal) && step.Contains("INDEX rotations_open", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.Contains("rotations USING", StringComparison.Ordinal) && step.Contains("INDEX rotations_failed", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains(" rotations", StringComparison.Ordinal) && !step.Contains("INDEX rotations_open", StringComparison.Ordinal) && !step.Contains("INDEX rotations_failed", StringComparison.Ordinal));
    }

    /// <summary>Rotations listed in an open or failed state are found through the partial index that holds that state.</summary>
    [Theory]
    [InlineData(RotationState.Sending, "rotations_open")]
    [InlineData(RotationState.GaveUp, "rotations_open")]
    [InlineData(RotationState.Failed, "rotations_failed")]
    public async Task Rotations_listed_by_an_open_or_failed_state_are_read_through_its_index(RotationState state, string index)
    {
        var plan = await PlanOnMigratedStoreAsync(_ => SqlRotationTable.List(deviceId: null, state).Sql);

        Assert.Contains(plan, step => step.Contains("rotations USING", StringComparison.Ordinal) && step.Contains($"INDEX {index}", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN rotations", StringComparison.Ordinal) && !step.Contains($"INDEX {index}", StringComparison.Ordinal));
    }

    /// <summary>
    /// Rotations and outbox messages are listed newest first (`sharekey rotation watch` asks every second): a page
    /// is read off an index already in that order, never every row sorted. A device's rotations through rotations_device.
    /// </summary>
    [Theory]
    [InlineData("rotations", null)]
    [InlineData("rotations", RotationState.Confirmed)]
    [InlineData("rotations of a device", null)]
    [InlineData("outbox", null)]
    [InlineData("outbox", OutboxState.Acked)]
    [InlineData("outbox of a device", null)]
    [InlineData("outbox of a device", OutboxState.Acked)]
    public async Task A_newest_first_page_is_read_in_order_without_sorting_every_row(string listed, object? state)
    {
        var plan = await PlanOnMigratedStoreAsync(_ => listed switch
        {
            "rotations" => SqlRotationTable.List(deviceId: null, (RotationState?)state).Sql,
            "rotations of a device" => SqlRotationTable.List(deviceId: 7, (RotationState?)state).Sql,
            "outbox" => SqlOutboxTable.List(deviceId: null, (OutboxState?)state).Sql,
            _ => SqlOutboxTable.List(deviceId: 7, (OutboxState?)state).Sql,
        });

        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
        if (listed.EndsWith("of a device", StringComparison.Ordinal))
        {
            Assert.Contains(plan, step => step.Contains(listed.StartsWith("rotations", StringComparison.Ordinal) ? "INDEX rotations_device (device_id=?)" : "INDEX sqlite_autoindex_outbox_1 (device_id=?)", StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// Each device's newest messages (read for every batch of KeyReports, two a rotation) are a range at the end of its
    /// (device_id, message_id) key, found through that key: never every message the device was ever sent.
    /// </summary>
    [Fact]
    public async Task Each_devices_newest_messages_are_a_range_of_its_key_not_its_whole_history()
    {
        var plan = await PlanOnMigratedStoreAsync(SqlOutboxTable.NewestOfDevicesSql);

        Assert.Contains(plan, step => step.Contains("INDEX sqlite_autoindex_outbox_1 (device_id=? AND message_id>?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN o", StringComparison.Ordinal) || step.StartsWith("SCAN outbox", StringComparison.Ordinal));
    }

    /// <summary>
    /// A device's keys only grow (every rental's key is revoked at its return and stays). What a rotation's start, a
    /// bulletin, a new key's room and a device's live keys (its managers, for every notification of its events; a
    /// rental's start) read of them is a range of keys_device from the epoch before the device's on.
    /// </summary>
    [Theory]
    [InlineData("revoked keys under recent epochs")]
    [InlineData("keys under recent epochs")]
    [InlineData("live keys counted")]
    [InlineData("a device's live keys")]
    public async Task Keys_are_read_from_the_epoch_before_the_devices_on_not_from_its_first(string statement)
    {
        var plan = await PlanOnMigratedStoreAsync(dialect => statement switch
        {
            "revoked keys under recent epochs" => SqlKeyTable.UnderRecentEpochsSql(dialect, KeyState.Revoked),
            "keys under recent epochs" => SqlKeyTable.UnderRecentEpochsSql(dialect, state: null),
            "live keys counted" => SqlKeyTable.CountLiveSql,
            _ => SqlKeyTable.LiveOfDeviceSql,
        });

        Assert.Contains(plan, step => step.Contains("INDEX keys_device (device_id=? AND epoch>?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN k", StringComparison.Ordinal) || step.StartsWith("SCAN keys", StringComparison.Ordinal));
    }

    /// <summary>
    /// What a key's change or a check of who stands over it reads (<see cref="KeyTree"/>: every return, revoke, freeze,
    /// share) is the key's family: up its parent links by the primary key, down its shares by keys_parent. Never the
    /// device's keys by device, which would read every key a rental car ever had.
    /// </summary>
    [Fact]
    public async Task A_keys_family_is_read_up_by_id_and_down_by_parent_not_by_device()
    {
        var plan = await PlanOnMigratedStoreAsync(SqlKeyTable.FamilyOfSql);

        Assert.Contains(plan, step => step.Contains("INDEX keys_parent (parent_key_id=?)", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.Contains("SEARCH k USING INTEGER PRIMARY KEY (rowid=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("keys_device", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN k", StringComparison.Ordinal) || step.StartsWith("SCAN keys", StringComparison.Ordinal));
    }

    /// <summary>
    /// A holder's keys (every user's own list, a phone's view) are a page read in order off keys_holder from the cursor's
    /// place on, never every key a frequent renter ever held, sorted.
    /// </summary>
    [Theory]
    [InlineData(false, null)]
    [InlineData(true, null)]
    [InlineData(true, KeyState.Active)]
    public async Task A_holders_page_of_keys_is_read_in_order_off_its_index(bool afterCursor, KeyState? state)
    {
        var cursor = afterCursor ? Sample.Key(1, 7) : null;
        var plan = await PlanOnMigratedStoreAsync(_ => SqlKeyTable.Page(deviceId: null, holderId: 7, state, cursor).Sql);

        // After a cursor SQLite names the range by its first column; that two keys of one millisecond still page in
        // order by id is KeyTableTests' to show.
        Assert.Contains(plan, step => step.Contains(afterCursor ? "INDEX keys_holder (holder_id=? AND created_at<?)" : "INDEX keys_holder (holder_id=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    /// <summary>
    /// Rentals (`sharekey rental list`) are a page read in order off rentals_user for a renter and off rentals_starts for
    /// everyone's, from the cursor's place on: never every rental the fleet ever had, sorted.
    /// </summary>
    [Theory]
    [InlineData(true, false, null)]
    [InlineData(true, true, null)]
    [InlineData(true, true, RentalState.Returned)]
    [InlineData(false, false, null)]
    [InlineData(false, true, null)]
    [InlineData(false, true, RentalState.Returned)]
    public async Task A_page_of_rentals_is_read_in_order_off_its_index(bool ofUser, bool afterCursor, RentalState? state)
    {
        var cursor = afterCursor ? Sample.Rental(1, 7, 9) with { Id = 5 } : null;
        var plan = await PlanOnMigratedStoreAsync(_ => SqlRentalTable.Page(ofUser ? 7 : null, state, cursor).Sql);

        Assert.Contains(plan, step => step.Contains(ofUser ? "INDEX rentals_user (user_id=?" : "INDEX rentals_starts", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    /// <summary>
    /// Reservations (`sharekey reservation list`) are a page read in order off reservations_space_starts for a space,
    /// reservations_user for a renter and reservations_starts for everyone's, from the cursor's place on.
    /// </summary>
    [Theory]
    [InlineData("space", false)]
    [InlineData("space", true)]
    [InlineData("user", false)]
    [InlineData("user", true)]
    [InlineData("all", false)]
    [InlineData("all", true)]
    public async Task A_page_of_reservations_is_read_in_order_off_its_index(string of, bool afterCursor)
    {
        var cursor = afterCursor ? new Reservation(5, 6, 7, 8, 9, Sample.At(1), Sample.At(2), Sample.At(0), Sample.At(0), Sample.At(1), ReservationState.Booked, null, null) : null;
        var plan = await PlanOnMigratedStoreAsync(_ => SqlReservationTable.Page(of == "space" ? 6 : null, of == "user" ? 8 : null, state: null, cursor).Sql);

        Assert.Contains(plan, step => step.Contains(of switch { "space" => "INDEX reservations_space_starts (space_id=?", "user" => "INDEX reservations_user (user_id=?", _ => "INDEX reservations_starts" }, StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    /// <summary>
    /// Every rotation given up and every silent device tells the operators, a few among the fleet's customers: they are
    /// read (and counted, at the first start) off users_operators, which holds only them, never every user.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_operators_are_read_off_their_own_index(bool counted)
    {
        var plan = await PlanOnMigratedStoreAsync(_ => counted ? SqlUserTable.CountOperatorsSql : SqlUserTable.OperatorIdsSql);

        Assert.Equal(["SCAN users USING COVERING INDEX users_operators"], plan);
    }

    /// <summary>Users (`sharekey user list`) are a page read in order off the names' unique index, from the cursor's name on.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_page_of_users_is_read_in_order_off_the_names_index(bool afterName)
    {
        var plan = await PlanOnMigratedStoreAsync(_ => SqlUserTable.PageSql(afterName));

        Assert.Contains(plan, step => step.Contains(afterName ? "USING INDEX sqlite_autoindex_users_1 (name>?)" : "USING INDEX sqlite_autoindex_users_1", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    /// <summary>The plan of the statement <paramref name="sql"/> gives, on a new store file migrated as the service migrates it.</summary>
    private static async Task<List<string>> PlanOnMigratedStoreAsync(Func<SqlDialect, string> sql)
    {
        var folder = Directory.CreateTempSubdirectory("sharekey-plan-").FullName;
        try
        {
            var path = Path.Combine(folder, "store.db");
            var dialect = SqliteDialect.Open(path);
            await using (var store = new SqlKeyStore(dialect))
            {
                await store.MigrateAsync(CancellationToken.None);
                return await PlanAsync(path, sql(dialect));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The plan's steps; parameters left unbound plan as they would bound.</summary>
    private static async Task<List<string>> PlanAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        var steps = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            steps.Add(reader.GetString(3));
        }

        return steps;
    }
}
