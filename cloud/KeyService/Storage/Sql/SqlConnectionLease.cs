using System.Data.Common;

namespace ShareKey.KeyService.Storage.Sql;

/// <summary>
/// The connection and transaction one session runs in. Disposing it rolls back what was not
/// committed and hands the connection back. No transaction: a PostgreSQL read session, whose
/// statements each run in their own (read-only) transaction.
/// </summary>
internal sealed class SqlConnectionLease(SqlCommandCache commands, DbTransaction? transaction, Func<ValueTask> release) : IAsyncDisposable
{
    public SqlCommandCache Commands => commands;

    public DbTransaction? Transaction => transaction;

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Both providers roll back a transaction disposed before it completed.
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
        }
        finally
        {
            await release();
        }
    }
}
