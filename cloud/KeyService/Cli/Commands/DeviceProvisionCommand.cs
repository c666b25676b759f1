using System.CommandLine;
using System.Text.Json.Nodes;
using ShareKey.HostFiles;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Provisioning;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey device provision --kind tbox|parking-lock --name NAME --out FILE [--force]`: registers a
/// board and writes its configuration file (docs/board-config.md). The service returns that file
/// once, so the CLI proves it can write beside FILE before asking, and the file is owner-only:
/// it holds the device root key. --json prints the API's answer without the secrets, plus "configFile".
/// </summary>
public static class DeviceProvisionCommand
{
    public static Command Create(CliContext context)
    {
        var kind = new Option<string>("--kind") { Description = "tbox (a car's T-BOX) or parking-lock.", Required = true };
        kind.AcceptOnlyFromAmong(Show.Names<DeviceKind>());
        var name = new Option<string>("--name") { Description = "1–24 printable ASCII characters; advertised over BLE as SK-<name>.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the board configuration file.", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace FILE if it exists." };
        var command = context.ServiceCommand("provision", "Register a board and write its configuration file.", kind, name, output, force);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var path = parse.GetValue(output)!.FullName;
            var replace = parse.GetValue(force);
            var temporary = Reserve(path, replace);
            DeviceApi.ProvisionedDto provisioned;
            string json;
            try
            {
                var reply = await run.WhileAsync("Provisioning…", () => run.Client.PostAsync<DeviceApi.ProvisionedDto>(
                    "v1/devices", new DeviceApi.ProvisionRequest(parse.GetValue(kind)!, parse.GetValue(name)!), cancellationToken));
                (provisioned, json) = (reply.Value, reply.Json);
            }
            catch
            {
                File.Delete(temporary);
                throw;
            }

            Place(temporary, path, replace, provisioned);
            if (run.Json)
            {
                run.Output.WriteLine(WithoutSecrets(json, path));
            }
            else
            {
                Describe(run, provisioned, path);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Checks FILE may be written and creates the owner-only file the config will go into, before anything is provisioned.</summary>
    private static string Reserve(string path, bool replace)
    {
        if (File.Exists(path) && !replace)
        {
            throw CliFailure.Usage($"{path} exists; give --force to replace it (the board that file was written for then stops matching any device)");
        }

        if (Directory.Exists(path))
        {
            throw CliFailure.Usage($"{path} is a folder; --out names the file to write");
        }

        try
        {
            return OwnerOnlyFile.CreateTemporary(path);
        }
        catch (Exception denied) when (denied is IOException or UnauthorizedAccessException)
        {
            throw CliFailure.Usage($"cannot write beside {path}: {denied.Message}");
        }
    }

    private static void Place(string temporary, string path, bool replace, DeviceApi.ProvisionedDto provisioned)
    {
        try
        {
            OwnerOnlyFile.Fill(temporary, provisioned.BoardConfig);
        }
        catch (Exception failed) when (failed is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw CliFailure.Runtime($"device {provisioned.Device.Id} is provisioned but its board file could not be written ({failed.Message}); "
                + $"decommission it (`sharekey device decommission {provisioned.Device.Id} --yes`) and provision again");
        }

        try
        {
            OwnerOnlyFile.Commit(temporary, path, replace);
        }
        catch (IOException raced)
        {
            throw CliFailure.Runtime($"device {provisioned.Device.Id} is provisioned and its board file is in {temporary}, but it could not be moved to {path}: {raced.Message}");
        }
    }

    private static string WithoutSecrets(string json, string path)
    {
        var answer = JsonNode.Parse(json)!.AsObject();
        answer.Remove("boardConfig");
        answer["mqtt"]?.AsObject().Remove("password");
        answer["configFile"] = path;
        return answer.ToJsonString(Api.Json.Options);
    }

    private static void Describe(Invocation run, DeviceApi.ProvisionedDto provisioned, string path)
    {
        var device = provisioned.Device;
        run.Console.MarkupLine($"Provisioned {Show.Name(device.Kind)} [bold]{Show.Text(device.Name)}[/]: device [bold]{device.Id}[/]");
        run.Console.Write(Show.Fields(
            ("MQTT username", provisioned.Mqtt.Username + " [grey](the password is in the file; it is derived from the root key)[/]"),
            ("board file", Show.Text(path) + " [grey](owner read/write only: it holds the device root key)[/]")));
        run.Console.WriteLine();
        run.Console.MarkupLine("Flash it: put the file on the board's internal drive as [bold]I:\\sharekey.conf[/] with nanoff (docs/board-config.md),");
        run.Console.MarkupLine("fill in wifi.ssid/wifi.password there if the board has no modem, then delete this copy or guard it like a private key.");
        run.Console.MarkupLine($"The board's first key rotation waits for it to come online: [bold]sharekey rotation watch[/] or [bold]sharekey device show {device.Id}[/].");
    }
}
