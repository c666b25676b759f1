using ShareKey.KeyService.Hosting;

namespace ShareKey.KeyService.Tests.Service.Hosting;

/// <summary>`sharekey serve` settings: defaults for one machine, a JSON file, then SHAREKEY_* environment variables on top.</summary>
public sealed class ServiceSettingsTests
{
    [Fact]
    public void With_nothing_configured_the_defaults_are_sqlite_and_the_in_process_broker()
    {
        var options = ServiceSettings.Load(null);

        Assert.Equal("sqlite", options.Storage.Provider);
        Assert.Null(options.Broker.Url);
        Assert.Equal(8883, options.Broker.Port);
        Assert.False(options.Broker.PlainMqtt);
        Assert.Equal(5, options.Rotation.MaxAttempts);
    }

    [Fact]
    public void A_json_file_switches_to_postgresql_and_an_external_broker_and_the_environment_wins_over_it()
    {
        var folder = Directory.CreateTempSubdirectory("sharekey-settings-").FullName;
        var file = Path.Combine(folder, "sharekey.json");
        File.WriteAllText(file, """
            { "ShareKey": {
                "Storage": { "Provider": "postgresql", "ConnectionString": "Host=db;Username=sharekey" },
                "Broker": { "Url": "mqtts://broker.example:8883", "Username": "keyservice" },
                "Rotation": { "AckTimeout": "00:00:30", "MaxAttempts": 3 } } }
            """);
        const string variable = "SHAREKEY_Rotation__MaxAttempts";
        Environment.SetEnvironmentVariable(variable, "9");
        try
        {
            var options = ServiceSettings.Load(file);

            Assert.Equal("postgresql", options.Storage.Provider);
            Assert.Equal("Host=db;Username=sharekey", options.Storage.ConnectionString);
            Assert.Equal("mqtts://broker.example:8883", options.Broker.Url);
            Assert.Equal(TimeSpan.FromSeconds(30), options.Rotation.AckTimeout);
            Assert.Equal(9, options.Rotation.MaxAttempts);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
            Directory.Delete(folder, recursive: true);
        }
    }
}
