using ShareKey.KeyService.Storage.Sql;

namespace ShareKey.KeyService.Tests.Storage;

/// <summary>
/// The WAL goes back into the database file from the checkpointer's own connection, with no commit
/// paying for it: after a migration's writes, a pass of its finds them in the WAL and copies them all.
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
}
