namespace ShareKey.KeyService.Storage;

/// <summary>A unique rule of the store was broken (a name, id or open rotation already exists). Nothing was written.</summary>
public sealed class StoreConflictException(string message, Exception? inner = null) : Exception(message, inner);
