using Microsoft.Extensions.Configuration;

namespace ShareKey.KeyService.Hosting;

/// <summary>Reads <see cref="ServiceOptions"/> from an optional JSON file and SHAREKEY_* environment variables (later wins).</summary>
public static class ServiceSettings
{
    public static ServiceOptions Load(string? jsonFile)
    {
        var configuration = new ConfigurationBuilder();
        if (jsonFile is not null)
        {
            configuration.AddJsonFile(jsonFile, optional: false);
        }

        configuration.AddEnvironmentVariables("SHAREKEY_");
        var options = new ServiceOptions();
        var built = configuration.Build();
        built.GetSection(ServiceOptions.Section).Bind(options);
        built.Bind(options);
        return options;
    }
}
