using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;

namespace ShareKey.Mqtt.Tests.Fixtures;

/// <summary>Writes mosquitto.conf, the password file and the ACL file into one directory.</summary>
/// <remarks>The ACL gives every user <c>sk/&lt;user&gt;/#</c> only (the device rule of
/// docs/architecture.md §5) and the admin everything.</remarks>
internal static class MosquittoConfigFiles
{
    public const string PasswdTool = "/usr/bin/mosquitto_passwd";

    public static string Write(string directory, MosquittoOptions options, int port, int tlsPort,
        X509Certificate2? certificate)
    {
        var passwordFile = Path.Combine(directory, "passwd");
        var aclFile = Path.Combine(directory, "acl");
        WritePasswords(passwordFile);
        File.WriteAllLines(aclFile,
        [
            $"user {TestUser.Admin.Name}",
            "topic readwrite #",
            "",
            "pattern readwrite sk/%u/#",
        ]);

        var lines = new List<string>
        {
            // Running as root would otherwise drop to the 'mosquitto' user, which cannot read our temp dir.
            "user root",
            "per_listener_settings false",
            "log_dest stderr",
            "log_type error",
            "log_type warning",
            "log_type notice",
            "log_type information",
            $"persistence {(options.Persistence ? "true" : "false")}",
            $"persistence_location {directory}/",
            "max_queued_messages 10000",
            $"set_tcp_nodelay {(options.TcpNoDelay ? "true" : "false")}",
            $"listener {port} 127.0.0.1",
        };
        lines.InsertRange(2, options.AllowAnonymous
            ? ["allow_anonymous true"]
            : ["allow_anonymous false", $"password_file {passwordFile}", $"acl_file {aclFile}"]);
        if (certificate is not null)
        {
            var certFile = Path.Combine(directory, "server.crt");
            var keyFile = Path.Combine(directory, "server.key");
            SelfSignedCertificate.ExportPem(certificate, certFile, keyFile);
            lines.Add($"listener {tlsPort} 127.0.0.1");
            lines.Add($"certfile {certFile}");
            lines.Add($"keyfile {keyFile}");
        }

        var configFile = Path.Combine(directory, "mosquitto.conf");
        File.WriteAllLines(configFile, lines);
        return configFile;
    }

    private static void WritePasswords(string passwordFile)
    {
        File.WriteAllText(passwordFile, "");
        foreach (var user in TestUser.All)
        {
            RunPasswdTool("-b", passwordFile, user.Name, user.Password);
        }
    }

    private static void RunPasswdTool(params string[] arguments)
    {
        var start = new ProcessStartInfo(PasswdTool, arguments)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {PasswdTool}.");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{PasswdTool} failed ({process.ExitCode}): {error}");
        }
    }
}
