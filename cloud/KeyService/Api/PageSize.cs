using ShareKey.KeyService.Problems;

namespace ShareKey.KeyService.Api;

/// <summary>
/// How many rows a page of a history list (keys, rentals) holds: lists that only grow are read a page
/// at a time, newest first, the next asked for with the <c>nextBefore</c> of the page before.
/// </summary>
public static class PageSize
{
    public const int Default = 100;
    public const int Max = 1000;

    /// <summary>The page size asked for, or the default; outside 1–<see cref="Max"/> the caller's error.</summary>
    public static int Of(int? limit) =>
        (limit ?? Default) is var size and >= 1 and <= Max
            ? size
            : throw new ServiceError(ErrorCode.InvalidRequest, $"limit must be 1–{Max}.");
}
