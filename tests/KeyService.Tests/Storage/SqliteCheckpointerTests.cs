using Microsoft.Data.Sqlite;
using ShareKey.KeyService.Storage.Sql;

namespace ShareKey.KeyService.Tests.Storage;

/// <summary>
/// The WAL goes back into the database file from the checkpointer's own connection, with no commit
/// paying for it: after a migration's writes, a pass of its finds them in the WAL and copies them all;
/// under writes that never pause, it takes the writer's turn for the last frames and the WAL starts over.
/// </summary>
public sealed class SqliteCheckpointerTests
{
    [Fact]
    public async Task What_a_commit_wrote_is_copied_back_into_the_file_beside_the_writer()
    {
        var folder = Directory.CreateTempSubdirectory("sharekey-checkpoint-").FullName;
        try
        {
            var dialect = SqliteDialect.Open(Path.Combine(folder, "store.db"));
            await using (var store = new SqlKeyStore(dialect))
            {
                await store.MigrateAsync(CancellationToken.None);

                // The migration's commits are the last writes: a later pass must see WAL frames and copy every one.
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (dialect.Checkpointer.LastPass is var pass && !(pass.WalFrames > 0 && pass.Copied == pass.WalFrames))
                {
                    Assert.True(DateTime.UtcNow < deadline, $"after 30 s the checkpointer's last pass had {pass.WalFrames} frames in the WAL and {pass.Copied} copied back ({pass.Pass} passes)");
                    await Task.Delay(50);
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Under_writes_that_never_pause_the_WAL_starts_over_without_the_writer_checkpointing()
    {
        const int restartFrames = 256;
        var folder = Directory.CreateTempSubdirectory("sharekey-checkpoint-").FullName;
        try
        {
            var file = Path.Combine(folder, "store.db");
            await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
            connection.Open();
            // The writer never checkpoints (wal_autocheckpoint 0): the WAL can only start over through the checkpointer.
            Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE filler (id INTEGER PRIMARY KEY, body BLOB);");
            var writer = new SemaphoreSlim(1, 1);
            using var checkpointer = new SqliteCheckpointer($"Data Source={file};Pooling=False;Mode=ReadWrite", "PRAGMA busy_timeout = 30000;", writer, restartFrames);

            // Write sessions back to back, each taking the writer's turn as the store's do, until the WAL
            // has grown past restartFrames and then started over twice.
            var restarts = 0;
            var largest = 0;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (restarts < 2)
            {
                Assert.True(DateTime.UtcNow < deadline, $"after 60 s of writes the WAL had started over {restarts} times (largest {largest} frames, {checkpointer.WriterPasses} passes holding the writer)");
                writer.Wait();
                try
                {
                    Execute(connection, "BEGIN IMMEDIATE; INSERT INTO filler (body) VALUES (zeroblob(3000)); COMMIT;");
                }
                finally
                {
                    writer.Release();
                }

                var frames = checkpointer.LastPass.WalFrames;
                if (frames < largest && largest >= restartFrames)
                {
                    restarts++;
                }

                largest = frames < largest ? 0 : frames;
            }

            Assert.True(checkpointer.WriterPasses >= restarts);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
