using ShareKey.KeyService.Users;
using ShareKey.Protocol.Buffers;

namespace ShareKey.KeyService.Cli;

/// <summary>A user named on the command line by id (16 hex digits) or by name; names are looked up (operators only).</summary>
public static class UserRef
{
    public static async Task<string> ResolveAsync(ServiceClient client, string text, CancellationToken cancellationToken)
    {
        if (IsId(text))
        {
            return text.ToLowerInvariant();
        }

        // Names are unique: the service finds the one, never sending every user to look through.
        var named = (await client.GetAsync<UserPageDto>(Query.Of("v1/users", ("name", text)), cancellationToken)).Value.Items;
        return named.Count == 1 ? named[0].Id : throw CliFailure.Usage($"no user is named '{text}'; `sharekey user list` shows them");
    }

    /// <summary>16 hex digits: an id, not a name.</summary>
    public static bool IsId(string text) => text.Length == 16 && Hex.TryParseId(text.ToLowerInvariant(), out _);
}
