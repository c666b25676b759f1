using System.Globalization;
using Npgsql;

namespace ShareKey.KeyService.Benchmarks;

/// <summary>
/// CPU time a PostgreSQL server on this machine spent in one phase: its postmaster and every process
/// it started (the service's connections, the WAL writer, the checkpointer…), read from /proc. On
/// two cores the database competes with the service and the benchmark for the same CPU, so a phase
/// whose service and benchmark leave a core idle may still have none to spare. Every process of the
/// server is counted: a server shared with other work counts that too; a connection that ended
/// meanwhile took its time with it, so at least this much.
/// </summary>
public sealed class DatabaseCpu
{
    // USER_HZ, as in CpuSplit.
    private const double TicksPerSecond = 100;

    private readonly int _postmaster;
    private readonly IReadOnlyDictionary<int, long> _start;

    private DatabaseCpu(int postmaster)
    {
        _postmaster = postmaster;
        _start = Ticks(postmaster);
    }

    /// <summary>The server behind the connection string, or null when it is not a process of this machine.</summary>
    public static async Task<DatabaseCpu?> OfAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backend = (int)(await command.ExecuteScalarAsync())!;
        // Read while the connection is open: its backend ends with it (on a busy machine often before a read after the close).
        // Its parent, the postmaster, stays.
        return Stat(backend) is { } stat && File.Exists($"/proc/{stat.ParentId}/stat") ? new DatabaseCpu(stat.ParentId) : null;
    }

    /// <summary>CPU time the server's processes took since this was made.</summary>
    public TimeSpan Elapsed => TimeSpan.FromSeconds(Ticks(_postmaster).Sum(process => process.Value - _start.GetValueOrDefault(process.Key)) / TicksPerSecond);

    /// <summary>User and system ticks of the postmaster and of each of its children, by process id.</summary>
    private static Dictionary<int, long> Ticks(int postmaster)
    {
        var ticks = new Dictionary<int, long>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), CultureInfo.InvariantCulture, out var id)
                && Stat(id) is { } stat && (id == postmaster || stat.ParentId == postmaster))
            {
                ticks[id] = stat.Ticks;
            }
        }

        return ticks;
    }

    private static (int ParentId, long Ticks)? Stat(int processId)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{processId}/stat");
        }
        catch (IOException)
        {
            return null; // Ended meanwhile, or not on this machine.
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // pid (comm) state ppid …: the name may hold spaces, so the fields are counted from the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
    }
}
