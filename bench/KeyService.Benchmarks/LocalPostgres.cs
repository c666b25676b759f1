using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Npgsql;

namespace ShareKey.KeyService.Benchmarks;

/// <summary>
/// A throwaway PostgreSQL cluster for one benchmark run, started the way scripts/test.sh starts
/// one: initdb and pg_ctl from the newest /usr/lib/postgresql/*/bin, as Debian's postgres user when
/// this process is root (both refuse to run as root), on a free loopback port, in a temp folder.
/// Unlike the test script's it keeps PostgreSQL's default durability (fsync and synchronous_commit
/// on): the benchmark measures what a deployment would get. Stopped and deleted on dispose, on
/// Ctrl-C / SIGTERM, and at process exit, whichever comes first.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _root;
    private readonly bool _asPostgresUser;
    private readonly List<PosixSignalRegistration> _signals = [];
    private int _stopped;

    private LocalPostgres(string bin, string root, bool asPostgresUser, string connectionString)
    {
        _bin = bin;
        _root = root;
        _asPostgresUser = asPostgresUser;
        ConnectionString = connectionString;
    }

    /// <summary>A superuser connection to the cluster's `postgres` database.</summary>
    public string ConnectionString { get; }

    /// <summary>The newest installed server's bin folder, or null when PostgreSQL is not installed.</summary>
    public static string? FindBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
                .OrderBy(bin => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : new Version(0, 0))
                .LastOrDefault()
            : null;

    public static async Task<LocalPostgres> StartAsync(string bin, TextWriter output)
    {
        var root = Directory.CreateTempSubdirectory("sharekey-bench-pg-").FullName;
        var asPostgresUser = Environment.UserName == "root";
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        var port = FreePort();
        var server = new LocalPostgres(bin, root, asPostgresUser,
            $"Host=127.0.0.1;Port={port};Username=postgres;Password={password};Database=postgres");
        server.CleanUpOnSignals();
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                // The postgres user must reach its data folder inside.
                File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }

            var passwordFile = Path.Combine(root, "password");
            await File.WriteAllTextAsync(passwordFile, password + "\n");
            if (asPostgresUser)
            {
                await server.RunAsync("chown", ["-R", "postgres:", root], asPostgres: false);
            }

            await server.RunAsync(Path.Combine(bin, "initdb"),
                ["-D", Path.Combine(root, "data"), "-U", "postgres", $"--pwfile={passwordFile}", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-locale", "-E", "UTF8"]);
            await server.RunAsync(Path.Combine(bin, "pg_ctl"),
                ["-D", Path.Combine(root, "data"), "-l", Path.Combine(root, "server.log"), "-w", "-t", "60",
                 "-o", $"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c max_connections=200", "start"]);
            output.WriteLine($"  started a throwaway PostgreSQL ({Path.GetFileName(Path.GetDirectoryName(bin))}, default durability: fsync and synchronous_commit on) on 127.0.0.1:{port}");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A fresh database for one measurement; dropped by the returned handle.</summary>
    public static async Task<ThrowawayDatabase> CreateDatabaseAsync(string serverConnectionString)
    {
        var name = $"sharekey_bench_{Guid.NewGuid():N}";
        await ExecuteAsync(serverConnectionString, $"CREATE DATABASE {name}");
        return new ThrowawayDatabase(serverConnectionString, new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString, name);
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private void CleanUpOnSignals()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT })
        {
            // Not cancelled: the process still ends as the signal asks, after the cluster is gone.
            _signals.Add(PosixSignalRegistration.Create(signal, _ => Stop()));
        }
    }

    /// <summary>Synchronous and idempotent: it also runs from a signal handler and at process exit.</summary>
    private void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        try
        {
            if (File.Exists(Path.Combine(_root, "data", "postmaster.pid")))
            {
                RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_root, "data"), "-m", "immediate", "-w", "stop"]).GetAwaiter().GetResult();
            }
        }
        catch (InvalidOperationException)
        {
            // Already stopped; the folder goes anyway.
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private async Task RunAsync(string program, IEnumerable<string> arguments, bool asPostgres = true)
    {
        var start = new ProcessStartInfo(asPostgres && _asPostgresUser ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres && _asPostgresUser)
        {
            foreach (var prefix in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            var log = Path.Combine(_root, "server.log");
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} failed ({process.ExitCode}): {await stdout}{await stderr}{(File.Exists(log) ? File.ReadAllText(log) : "")}");
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A database created for one measurement, dropped (with any connection still open to it) on dispose.</summary>
    public sealed class ThrowawayDatabase(string serverConnectionString, string connectionString, string name) : IAsyncDisposable
    {
        public string ConnectionString => connectionString;

        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(serverConnectionString, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }
}
