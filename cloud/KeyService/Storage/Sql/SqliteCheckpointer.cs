using Microsoft.Data.Sqlite;

namespace ShareKey.KeyService.Storage.Sql;

/// <summary>
/// Copies the WAL back into the database file every <see cref="Every"/>, from a connection and a
/// thread of its own, so that the store's one writer seldom has to. SQLite's automatic checkpoint
/// runs inside the commit that fills the WAL to wal_autocheckpoint pages, and there it held every
/// other write for 150–300 ms every 4–5 s while keys were issued (strace on the service: an fsync
/// of the WAL of 35–55 ms, the pages written back, an fsync of the file). A PASSIVE checkpoint
/// waits for no reader or writer: the writer goes on appending to the WAL while pages go back, and
/// what a commit guarantees does not change.
/// <para>
/// The WAL only starts over when a write transaction begins with every frame of it copied back,
/// which under writes without a pause no passive pass achieves: the writer appends while it copies
/// (and the pass, which counts the frames as of its start, cannot tell). So once the WAL holds
/// <c>restartFrames</c> frames, a second pass follows at once (it copies what came during the
/// first, a few milliseconds' worth), then a third holding the writer's turn (<c>writer</c>, the
/// semaphore write sessions take): it copies what came during the second, and the next write
/// session starts the WAL over, unless a reader still reads an older snapshot from it (then the
/// next round tries again). Without them the WAL grew to wal_autocheckpoint pages and the writer's
/// own checkpoint, the backstop, ran in a commit every 3-9 s for 100-300 ms (strace, keys over HTTP).
/// </para>
/// </summary>
internal sealed class SqliteCheckpointer : IDisposable
{
    public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(500);

    private readonly SqliteConnection connection;
    private readonly SemaphoreSlim writer;
    private readonly int restartFrames;
    private readonly CancellationTokenSource stop = new();
    private readonly Thread thread;
    private long passes;
    private long lastPass;
    private long writerPasses;

    /// <param name="connectionString">The store's file, opened for this connection alone.</param>
    /// <param name="pragmas">What every connection to the file sets.</param>
    /// <param name="writer">The semaphore every write session of the store holds from its start to its end.</param>
    /// <param name="restartFrames">WAL frames from which a pass is followed by one more and one holding <paramref name="writer"/>.</param>
    public SqliteCheckpointer(string connectionString, string pragmas, SemaphoreSlim writer, int restartFrames)
    {
        this.writer = writer;
        this.restartFrames = restartFrames;
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

    /// <summary>The passes made holding the writer's turn so that the WAL can start over.</summary>
    public long WriterPasses => Interlocked.Read(ref writerPasses);

    public void Dispose()
    {
        stop.Cancel();
        thread.Join();
        connection.Dispose();
        stop.Dispose();
    }

    private void Run()
    {
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        while (!stop.Token.WaitHandle.WaitOne(Every))
        {
            try
            {
                if (Pass(checkpoint) >= restartFrames && Pass(checkpoint) >= restartFrames && Hold())
                {
                    try
                    {
                        Pass(checkpoint);
                        Interlocked.Increment(ref writerPasses);
                    }
                    finally
                    {
                        writer.Release();
                    }
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

    /// <summary>Takes the writer's turn, in line with the write sessions; false when the store is closing.</summary>
    private bool Hold()
    {
        try
        {
            // Queued as the sessions queue (WaitAsync), not Wait: a blocking waiter is woken ahead of them but must
            // take the turn itself once it runs, and a session arriving meanwhile may take it first; with Wait, under
            // a stream of sessions, the pass waited 70-98 ms (three passes measured) while the tail it was to copy grew.
            writer.WaitAsync(stop.Token).GetAwaiter().GetResult();
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <returns>The frames in the WAL as the pass began.</returns>
    private long Pass(SqliteCommand checkpoint)
    {
        using var result = checkpoint.ExecuteReader();
        // One row: busy (another checkpoint was under way), frames in the WAL, frames copied back.
        if (!result.Read())
        {
            return 0;
        }

        var frames = result.GetInt64(1);
        if (frames > 0)
        {
            Interlocked.Exchange(ref lastPass, (frames << 32) | result.GetInt64(2));
        }

        return frames;
    }
}
