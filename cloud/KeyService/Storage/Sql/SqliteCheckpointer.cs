using Microsoft.Data.Sqlite;

namespace ShareKey.KeyService.Storage.Sql;

/// <summary>
/// Copies the WAL back into the database file every <see cref="Every"/>, from a connection and a
/// thread of its own, so that the store's one writer seldom has to. SQLite's automatic checkpoint
/// runs inside the commit that fills the WAL to wal_autocheckpoint pages, and there it held every
/// other write for 150–300 ms every 4–5 s while keys were issued (strace on the service: an fsync
/// of the WAL of 35–55 ms, the pages written back, an fsync of the file). A PASSIVE checkpoint
/// waits for no reader or writer: the writer goes on appending to the WAL while pages go back, and
/// what a commit guarantees does not change. The writer's automatic checkpoint stays as the
/// backstop: under writes without a pause the WAL only starts over once a checkpoint has copied
/// all of it between two transactions, which the writer's own does, left with only what came
/// since this one's last pass.
/// </summary>
internal sealed class SqliteCheckpointer : IDisposable
{
    public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(500);

    private readonly SqliteConnection connection;
    private readonly ManualResetEventSlim stop = new();
    private readonly Thread thread;
    private long passes;
    private long lastPass;

    public SqliteCheckpointer(string connectionString, string pragmas)
    {
        connection = new SqliteConnection(connectionString);
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = pragmas;
            setup.ExecuteNonQuery();
        }

        thread = new Thread(Run) { IsBackground = true, Name = "SQLite checkpointer" };
        thread.Start();
    }

    /// <summary>
    /// The last pass that found frames in the WAL: how many it held and how many of them are in the
    /// file now (SQLite's own two counts), and how many passes ran before it.
    /// </summary>
    public (int WalFrames, int Copied, long Pass) LastPass
    {
        get
        {
            var packed = Interlocked.Read(ref lastPass);
            return ((int)(packed >> 32), (int)(packed & 0xFFFF_FFFF), Interlocked.Read(ref passes));
        }
    }

    public void Dispose()
    {
        stop.Set();
        thread.Join();
        connection.Dispose();
        stop.Dispose();
    }

    private void Run()
    {
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        while (!stop.Wait(Every))
        {
            try
            {
                using var result = checkpoint.ExecuteReader();
                // One row: busy (another checkpoint was under way), frames in the WAL, frames copied back.
                if (result.Read() && result.GetInt64(1) > 0)
                {
                    Interlocked.Exchange(ref lastPass, (result.GetInt64(1) << 32) | result.GetInt64(2));
                }

                Interlocked.Increment(ref passes);
            }
            catch (SqliteException)
            {
                // The file went away or failed to write: the writer's own checkpoint still copies the WAL
                // back (and reports what fails to the session that pays for it); the next pass tries again.
            }
        }
    }
}
