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

        var users = (await client.GetAsync<List<UserDto>>("v1/users", cancellationToken)).Value;
        var named = users.Where(user => user.Name == text).ToList();
        return named.Count switch
        {
            1 => named[0].Id,
            0 => throw CliFailure.Usage($"no user is named '{text}'; `sharekey user list` shows them"),
            _ => throw CliFailure.Usage($"{named.Count} users are named '{text}'; give the id instead ({string.Join(", ", named.Select(user => user.Id))})"),
        };
    }

    /// <summary>16 hex digits: an id, not a name.</summary>
    public static bool IsId(string text) => text.Length == 16 && Hex.TryParseId(text.ToLowerInvariant(), out _);
}
