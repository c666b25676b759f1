using System.Text.Json;
using System.Text.Json.Serialization;

namespace ShareKey.Phone.Keys;

/// <summary>The JSON shape of wallet files: the service API's (camelCase members, nulls left out), indented for people.</summary>
public static class WalletJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };
}
